// Reading and changing FlinkDeployment resources through the Kubernetes API (operator 1.7): the
// resource and its status, spec.job.state switched between running and suspended, deletion, and the
// label selectors of the pods the operator creates for a cluster in standalone mode.
import { CustomObjectsApi, type KubernetesObject } from '@kubernetes/client-node';
import { isNotFound, type Kube } from '../../k8s/kube.ts';
import { FLINK_DEPLOYMENT_API, type FlinkDeploymentStatus } from './flink-deployment.ts';

// Defined beside the FlinkDeployment it goes into; kept importable from here.
export { KEEP_IMAGE_USRLIB } from './flink-deployment.ts';

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
  return lastReconciledJob(status)?.state;
}

/**
 * spec.job of the spec the operator last reconciled, if any. Its upgradeMode is the mode the operator
 * actually used for the last suspend or upgrade (1.7's AbstractJobReconciler records it there), which
 * may differ from the spec's. Throws when the status holds something else than JSON.
 */
export function lastReconciledJob(status: FlinkDeploymentStatus | undefined): { state?: string; upgradeMode?: string } | undefined {
  const spec = status?.reconciliationStatus?.lastReconciledSpec;
  if (!spec) return undefined;
  // 1.7 stores {"spec": {...}, "resource_metadata": {...}}; older operators stored the spec itself.
  const parsed = JSON.parse(spec) as { spec?: { job?: { state?: string; upgradeMode?: string } }; job?: { state?: string; upgradeMode?: string } };
  return (parsed.spec ?? parsed).job;
}

/** Deletes the FlinkDeployment (the operator's finalizer then removes its cluster); absent is fine. */
export async function deleteFlinkDeployment(kube: Kube, namespace: string, name: string): Promise<void> {
  await kube.config.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject(coordinates(namespace, name))
    .catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
}

/**
 * Removes the operator's finalizer, for when the operator cannot run it any more (gone, or its cluster
 * cleanup stuck): the resource then disappears at once; what it created stays for the namespace
 * deletion to remove. Only for resources the harness owns.
 */
export async function removeFinalizers(kube: Kube, namespace: string, name: string): Promise<void> {
  await kube.config.makeApiClient(CustomObjectsApi)
    .patchNamespacedCustomObject({ ...coordinates(namespace, name), body: [{ op: 'remove', path: '/metadata/finalizers' }] })
    .catch((error: unknown) => (isNotFound(error) || statusOf(error) === 422 ? undefined : Promise.reject(error)));
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** The pods of a FlinkDeployment's cluster in standalone mode carry app=<name>, component=jobmanager|taskmanager. */
export const jobManagerSelector = (name: string): string => `app=${name},component=jobmanager`;
export const taskManagerSelector = (name: string): string => `app=${name},component=taskmanager`;
