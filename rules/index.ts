import type { Rule } from '../src/lint/types.ts';
// Input and syntax
import { rule as skippedFile } from './skipped-file.ts';
import { rule as yamlSyntax } from './yaml-syntax.ts';
// Services
import { rule as serviceSelectorOrphan } from './service-selector-orphan.ts';
import { rule as serviceTargetPort } from './service-target-port.ts';
// --- service rules (more) ---
// --- ingress, workload and object rules ---
// --- schema ---
// --- reachability rules ---

/** Every rule, listed explicitly; the order here is the order of `kube-netlint rules`. */
export const rules: readonly Rule<any>[] = [
  yamlSyntax,
  skippedFile,
  serviceSelectorOrphan,
  serviceTargetPort,
  // --- service rules (more) ---
  // --- ingress, workload and object rules ---
  // --- schema ---
  // --- reachability rules ---
];
