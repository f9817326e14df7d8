// The operator itself in one namespace (manifests/flink-operator.yaml): ServiceAccount, namespaced
// Role, its flink-conf.yaml ConfigMap and its Deployment, watching only that namespace.
import type { KubernetesObject } from '@kubernetes/client-node';
import { renderManifest } from '../on-cluster/manifests.ts';

/** The Deployment of manifests/flink-operator.yaml (wait for it with Kube.waitForDeploymentReady). */
export const OPERATOR_DEPLOYMENT = 'flink-operator';
/** Selects the operator's pod (for its log). */
export const OPERATOR_POD_SELECTOR = 'app=flink-operator';

/** The objects of manifests/flink-operator.yaml for `namespace`, running `operatorImage`. */
export function renderOperatorManifest(namespace: string, operatorImage: string, labels: Record<string, string>): KubernetesObject[] {
  return renderManifest('flink-operator', { NAMESPACE: namespace, OPERATOR_IMAGE: operatorImage }, labels);
}
