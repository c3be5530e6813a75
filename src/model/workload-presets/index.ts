/** The built-in workload presets, one module per operator; adding an operator is one module and one line here. */
import type { WorkloadPreset } from './preset.ts';
import { argoRollouts } from './argo-rollouts.ts';
import { cloudnativePg } from './cloudnative-pg.ts';
import { eck } from './eck.ts';
import { keda } from './keda.ts';
import { knativeServing } from './knative-serving.ts';
import { openkruise } from './openkruise.ts';
import { prometheusOperator } from './prometheus-operator.ts';
import { strimzi } from './strimzi.ts';

export const WORKLOAD_PRESETS: readonly WorkloadPreset[] = [prometheusOperator, cloudnativePg, strimzi, argoRollouts, knativeServing, openkruise, eck, keda];
