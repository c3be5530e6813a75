import type { Rule } from '../src/lint/types.ts';
// Input and syntax
import { rule as skippedFile } from './skipped-file.ts';
import { rule as renderFailed } from './render-failed.ts';
import { rule as yamlSyntax } from './yaml-syntax.ts';
import { rule as yamlAmbiguousScalar } from './yaml-ambiguous-scalar.ts';
// Services
import { rule as serviceSelectorOrphan } from './service-selector-orphan.ts';
import { rule as serviceTargetPort } from './service-target-port.ts';
// --- service rules (more) ---
import { rule as serviceExposure } from './service-exposure.ts';
import { rule as serviceNodePort } from './service-node-port.ts';
import { rule as servicePorts } from './service-ports.ts';
import { rule as serviceClusterIp } from './service-cluster-ip.ts';
import { rule as serviceExternalName } from './service-external-name.ts';
import { rule as serviceTrafficPolicy } from './service-traffic-policy.ts';
import { rule as endpointsOrphan } from './endpoints-orphan.ts';
// --- ingress, workload and object rules ---
import { rule as ingressBackendService } from './ingress-backend-service.ts';
import { rule as ingressBackendPort } from './ingress-backend-port.ts';
import { rule as ingressClass } from './ingress-class.ts';
import { rule as ingressConflict } from './ingress-conflict.ts';
import { rule as ingressTlsSecret } from './ingress-tls-secret.ts';
// --- OpenShift Routes ---
import { rule as openshiftRouteBackend } from './openshift-route-backend.ts';
import { rule as openshiftRouteTls } from './openshift-route-tls.ts';
// --- Gateway API ---
import { rule as routeParentRef } from './route-parent-ref.ts';
import { rule as routeBackendRef } from './route-backend-ref.ts';
import { rule as referenceGrant } from './reference-grant.ts';
import { rule as gatewayListener } from './gateway-listener.ts';
import { rule as listenerSetParent } from './listener-set-parent.ts';
import { rule as gatewayClass } from './gateway-class.ts';
import { rule as gatewayCertificate } from './gateway-certificate.ts';
import { rule as routeConflict } from './route-conflict.ts';
import { rule as backendTlsPolicy } from './backend-tls-policy.ts';
import { rule as labelValue } from './label-value.ts';
import { rule as workloadSelectorMismatch } from './workload-selector-mismatch.ts';
import { rule as duplicateObject } from './duplicate-object.ts';
import { rule as statefulsetServiceName } from './statefulset-service-name.ts';
import { rule as probePort } from './probe-port.ts';
// --- schema ---
import { rule as schema } from './schema.ts';
import { rule as unknownField } from './unknown-field.ts';
// --- reachability rules ---
import { rule as networkpolicyPolicyTypes } from './networkpolicy-policy-types.ts';
import { rule as networkpolicySelectorOrphan } from './networkpolicy-selector-orphan.ts';
import { rule as networkpolicyPeerOrphan } from './networkpolicy-peer-orphan.ts';
import { rule as networkpolicyPort } from './networkpolicy-port.ts';
import { rule as networkpolicyNullField } from './networkpolicy-null-field.ts';
import { rule as networkpolicyIpblockService } from './networkpolicy-ipblock-service.ts';
import { rule as podNotIsolated } from './pod-not-isolated.ts';
import { rule as egressBlocksDns } from './egress-blocks-dns.ts';
import { rule as ingressBackendUnreachable } from './ingress-backend-unreachable.ts';
import { rule as gatewayBackendUnreachable } from './gateway-backend-unreachable.ts';
import { rule as serviceUnreachable } from './service-unreachable.ts';
import { rule as exposureNotIsolated } from './exposure-not-isolated.ts';
import { rule as serviceReference } from './service-reference.ts';
import { rule as reachabilityAssertion } from './reachability-assertion.ts';
import { rule as clusterPolicyShadowedRule } from './cluster-policy-shadowed-rule.ts';
import { rule as clusterPolicyPriority } from './cluster-policy-priority.ts';
import { rule as clusterPolicyPass } from './cluster-policy-pass.ts';
import { rule as clusterPolicySubjectOrphan } from './cluster-policy-subject-orphan.ts';
// --- Cilium and Calico policies ---
import { rule as calicoSelector } from './calico-selector.ts';
import { rule as cniPolicySelectorOrphan } from './cni-policy-selector-orphan.ts';
import { rule as ciliumFqdnDns } from './cilium-fqdn-dns.ts';
import { rule as ciliumWorldUnexposed } from './cilium-world-unexposed.ts';
// --- suppression ---
import { rule as suppression } from './suppression.ts';

/** Every rule, listed explicitly; the order here is the order of `kube-netlint rules`. */
export const rules: readonly Rule<any>[] = [
  yamlSyntax,
  yamlAmbiguousScalar,
  skippedFile,
  renderFailed,
  serviceSelectorOrphan,
  serviceTargetPort,
  // --- service rules (more) ---
  serviceExposure,
  serviceNodePort,
  servicePorts,
  serviceClusterIp,
  serviceExternalName,
  serviceTrafficPolicy,
  endpointsOrphan,
  // --- ingress, workload and object rules ---
  ingressBackendService,
  ingressBackendPort,
  ingressClass,
  ingressConflict,
  ingressTlsSecret,
  // --- OpenShift Routes ---
  openshiftRouteBackend,
  openshiftRouteTls,
  // --- Gateway API ---
  routeParentRef,
  routeBackendRef,
  referenceGrant,
  gatewayListener,
  listenerSetParent,
  gatewayClass,
  gatewayCertificate,
  routeConflict,
  backendTlsPolicy,
  labelValue,
  workloadSelectorMismatch,
  duplicateObject,
  statefulsetServiceName,
  probePort,
  // --- schema ---
  schema,
  unknownField,
  // --- reachability rules ---
  networkpolicyPolicyTypes,
  networkpolicySelectorOrphan,
  networkpolicyPeerOrphan,
  networkpolicyPort,
  networkpolicyNullField,
  networkpolicyIpblockService,
  podNotIsolated,
  egressBlocksDns,
  ingressBackendUnreachable,
  gatewayBackendUnreachable,
  serviceUnreachable,
  exposureNotIsolated,
  serviceReference,
  reachabilityAssertion,
  clusterPolicyShadowedRule,
  clusterPolicyPriority,
  clusterPolicyPass,
  clusterPolicySubjectOrphan,
  // --- Cilium and Calico policies ---
  calicoSelector,
  cniPolicySelectorOrphan,
  ciliumFqdnDns,
  ciliumWorldUnexposed,
  // --- suppression ---
  suppression,
];
