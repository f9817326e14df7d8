// `frh doctor --namespace NS`: reads what is deployed (FlinkDeployments, Flink ConfigMaps and the
// workloads that mount them) and judges it exactly as the same objects in files would be judged.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { isForbidden, isNotFound, Kube } from '../k8s/kube.ts';
import type { SourceObject } from './documents.ts';

export interface LiveTarget {
  kubeconfig: string;
  context?: string;
  namespace: string;
}

type Yaml = Record<string, unknown>;

/** The namespace's objects as the file reader would produce them; `file` names where each came from. */
export async function readNamespace(target: LiveTarget): Promise<SourceObject[]> {
  const kube = Kube.forCluster({ kubeconfig: target.kubeconfig, context: target.context });
  const { namespace } = target;
  const where = (kind: string, name: string | undefined) => `${target.context ? `${target.context}/` : ''}${namespace}/${kind}/${name ?? '?'}`;
  const objects: SourceObject[] = [];
  const plain = (value: unknown): Yaml => JSON.parse(JSON.stringify(value)) as Yaml;

  let flinkDeployments: Yaml[] = [];
  try {
    const list = await kube.config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'flink.apache.org', version: 'v1beta1', namespace, plural: 'flinkdeployments' }) as { items?: Yaml[] };
    flinkDeployments = list.items ?? [];
  } catch (error) {
    if (!isNotFound(error)) throw error; // no FlinkDeployment CRD: nothing of that kind to read
  }
  for (const item of flinkDeployments) {
    const { status: _status, ...rest } = item;
    const metadata = (rest.metadata ?? {}) as { name?: string };
    objects.push({ file: where('flinkdeployment', metadata.name), value: { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', ...rest } });
  }
  for (const configMap of (await kube.core.listNamespacedConfigMap({ namespace })).items) {
    const labels = configMap.metadata?.labels ?? {};
    // Flink's own HA ConfigMaps and those generated for a running cluster (owned by it) are not configuration to judge.
    if (labels['configmap-type'] === 'high-availability' || (configMap.metadata?.ownerReferences?.length ?? 0) > 0) continue;
    objects.push({ file: where('configmap', configMap.metadata?.name), value: { ...plain(configMap), apiVersion: 'v1', kind: 'ConfigMap' } });
  }
  const workloads: Array<[string, Yaml[]]> = [];
  try {
    workloads.push(['Deployment', (await kube.apps.listNamespacedDeployment({ namespace })).items.map(plain)]);
    workloads.push(['StatefulSet', (await kube.apps.listNamespacedStatefulSet({ namespace })).items.map(plain)]);
  } catch (error) {
    if (!isForbidden(error)) throw error;
  }
  for (const [kind, items] of workloads) {
    for (const item of items) {
      const metadata = (item.metadata ?? {}) as { name?: string; ownerReferences?: unknown[] };
      // The Operator's own JobManager/TaskManager Deployments belong to a FlinkDeployment judged above.
      if ((metadata.ownerReferences ?? []).some((owner) => (owner as { kind?: string }).kind === 'FlinkDeployment')) continue;
      objects.push({ file: where(kind.toLowerCase(), metadata.name), value: { ...item, apiVersion: 'apps/v1', kind } });
    }
  }
  return objects;
}
