/**
 * The registry of policy compilers (see ../tiers.ts, "How a kind plugs in"): every kind whose objects
 * decide traffic compiles here into the one tier form the engine evaluates. One line per kind.
 */
import type { PolicyCompiler } from '../tiers.ts';
import { NETWORK_POLICY_COMPILER } from './network-policy.ts';

export const POLICY_COMPILERS: readonly PolicyCompiler[] = [NETWORK_POLICY_COMPILER];
