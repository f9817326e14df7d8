// Reading and changing FlinkDeployment resources through the Kubernetes API (operator 1.7): the
// resource and its status, spec.job.state switched between running and suspended, deletion, and the
// label selectors of the pods the operator creates for a cluster in standalone mode.
import { CustomObjectsApi, type KubernetesObject } from '@kubernetes/client-node';
import { isNotFound, type Kube } from '../../k8s/kube.ts';
import { FLINK_DEPLOYMENT_API, type FlinkDeploymentStatus } from './flink-deployment.ts';

export type JobState = 'running' | 'suspended';

export interface FlinkDeploymentResource extends KubernetesObject {
  spec: Record<string, unknown>;
  status?: FlinkDeploymentStatus;
}

const coordinates = (namespace: string, name: string) => ({
  group: FLINK_DEPLOYMENT_API.group, version: FLINK_DEPLOYMENT_API.version, plural: FLINK_DEPLOYMENT_API.plural, namespace, name,
});

/** The FlinkDeployment, or undefined when there is none of that name. */
export async function readFlinkDeployment(kube: Kube, namespace: string, name: string): Promise<FlinkDeploymentResource | undefined> {
  try {
    return await kube.config.makeApiClient(CustomObjectsApi).getNamespacedCustomObject(coordinates(namespace, name)) as FlinkDeploymentResource;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Sets spec.job.state by applying `resource` again with the new state (server-side apply, the
 * harness the field manager of the spec it wrote). Returns the object as applied.
 */
export async function applyJobState<T extends FlinkDeploymentResource>(kube: Kube, resource: T, state: JobState): Promise<T> {
  const job = (resource.spec.job ?? {}) as Record<string, unknown>;
  const changed = { ...resource, spec: { ...resource.spec, job: { ...job, state } } };
  delete changed.status;
  await kube.apply([changed]);
  return changed;
}

/** spec.job.state of the spec the operator last reconciled (what it has actually done), if any. */
export function lastReconciledJobState(status: FlinkDeploymentStatus | undefined): string | undefined {
  const spec = status?.reconciliationStatus?.lastReconciledSpec;
  if (!spec) return undefined;
  return (JSON.parse(spec) as { job?: { state?: string } }).job?.state;
}

/** Deletes the FlinkDeployment (the operator's finalizer then removes its cluster); absent is fine. */
export async function deleteFlinkDeployment(kube: Kube, namespace: string, name: string): Promise<void> {
  await kube.config.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject(coordinates(namespace, name))
    .catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
}

/** The pods of a FlinkDeployment's cluster in standalone mode carry app=<name>, component=jobmanager|taskmanager. */
export const jobManagerSelector = (name: string): string => `app=${name},component=jobmanager`;
export const taskManagerSelector = (name: string): string => `app=${name},component=taskmanager`;
