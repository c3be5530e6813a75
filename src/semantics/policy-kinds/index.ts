/**
 * The registry of policy compilers (see ../tiers.ts, "How a kind plugs in"): every kind whose objects
 * decide traffic compiles here into the one tier form the engine evaluates. One line per kind.
 */
import type { PolicyCompiler } from '../tiers.ts';
import { CALICO_POLICY_COMPILER } from './calico.ts';
import { CILIUM_POLICY_COMPILER } from './cilium.ts';
import { CLUSTER_POLICY_COMPILER } from './cluster-network-policy.ts';
import { NETWORK_POLICY_COMPILER } from './network-policy.ts';

export const POLICY_COMPILERS: readonly PolicyCompiler[] = [NETWORK_POLICY_COMPILER, CLUSTER_POLICY_COMPILER, CILIUM_POLICY_COMPILER, CALICO_POLICY_COMPILER];
