// What every platform that runs Flink in a namespace of its own shares (the harness's manifests,
// the Flink Kubernetes Operator): MinIO stopped and started, the HA ConfigMaps as a witness and as
// a fault, and the evidence of a failing verdict (pod logs, events).
import type { CoreV1Event, V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import type { Kube, PortForwardHandle } from '../../k8s/kube.ts';
import { progress } from '../../support/progress.ts';
import { waitFor } from '../../support/wait.ts';
import { minioConsolePort } from '../kept.ts';
import { JobManagerExitedError, type HaMetadataScope } from '../platform.ts';
import { rootCauseLine } from '../flink-logs.ts';

/** A JobManager restarted this often without coming up is crash-looping: it will not recover. */
const CRASH_LOOP_RESTARTS = 3;

export const DEPLOYMENT_LABEL = 'frh.dev/deployment';
/** The label Flink puts on the ConfigMaps of its Kubernetes HA services (besides app=<cluster-id>). */
export const FLINK_HA_LABELS = 'type=flink-native-kubernetes';

/** The namespace of one deployment of one run: a DNS label, unique per run and deployment. */
export function namespaceName(runId: string, deployment: string): string {
  return `frh-${runId}-${deployment}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
}

/**
 * Throws a JobManagerExitedError quoting the root cause from the previous container's log when one
 * of `pods` keeps crashing (CrashLoopBackOff after CRASH_LOOP_RESTARTS restarts).
 */
export async function throwIfJobManagerCrashLoops(kube: Kube, namespace: string, pods: V1Pod[], container: string, deployment: string): Promise<void> {
  for (const pod of pods) {
    const status = pod.status?.containerStatuses?.find((c) => c.name === container);
    const waiting = status?.state?.waiting?.reason;
    if (waiting === 'CrashLoopBackOff' && (status?.restartCount ?? 0) >= CRASH_LOOP_RESTARTS) {
      const log = await kube.podLog(namespace, pod.metadata!.name!, container, true).catch(() => '');
      const cause = rootCauseLine(log);
      throw new JobManagerExitedError(`the JobManager of ${deployment} keeps exiting (${status?.restartCount} restarts, CrashLoopBackOff)${cause ? `: ${cause}` : ''}`);
    }
  }
}

/** Scales MinIO to zero: every S3 call fails until `startStorage` (its volume keeps the data). */
export async function stopStorage(kube: Kube, namespace: string, deployment: string): Promise<void> {
  await kube.scaleDeployment(namespace, 'minio', 0);
  await waitFor('MinIO scaled to zero', async () => ((await kube.pods(namespace, 'app=minio')).length === 0 ? true : undefined), { timeoutMs: 120_000 });
  progress(`${deployment}: MinIO scaled to zero`);
}

export async function startStorage(kube: Kube, namespace: string, deployment: string): Promise<void> {
  await kube.scaleDeployment(namespace, 'minio', 1);
  await kube.waitForDeploymentReady(namespace, 'minio');
  progress(`${deployment}: MinIO back (scaled to one)`);
}

/** The checkpoint ids Flink's HA ConfigMaps point to (keys checkpointID-<zero-padded id>), ascending. */
export function haCheckpointIdsIn(configMaps: V1ConfigMap[]): number[] {
  const ids: number[] = [];
  for (const configMap of configMaps) {
    for (const key of Object.keys(configMap.data ?? {})) {
      const id = /^checkpointID-(\d+)$/.exec(key)?.[1];
      if (id !== undefined) ids.push(Number(id));
    }
  }
  return ids.sort((a, b) => a - b);
}

export type { HaMetadataScope } from '../platform.ts';

/** The HA ConfigMaps `scope` names among a cluster-id's. */
export function haConfigMapsIn(configMaps: V1ConfigMap[], scope: HaMetadataScope): V1ConfigMap[] {
  if (scope === 'all') return configMaps;
  return configMaps.filter((c) => {
    const name = c.metadata?.name ?? '';
    return name.endsWith('-config-map') && !name.endsWith('-cluster-config-map');
  });
}

/** Deletes HA ConfigMaps, as a careless cleanup would; returns their names. */
export async function deleteHaConfigMaps(kube: Kube, namespace: string, configMaps: V1ConfigMap[], deployment: string): Promise<string[]> {
  const names = configMaps.map((c) => c.metadata!.name!);
  for (const name of names) await kube.core.deleteNamespacedConfigMap({ namespace, name }).catch(() => undefined);
  progress(`${deployment}: deleted HA ConfigMaps ${names.join(', ')}`);
  return names;
}

/** Every container's log of a pod (and the previous one's, after a restart), keyed `<prefix><pod>/<container>`. */
export async function podLogs(kube: Kube, namespace: string, pod: V1Pod, prefix = ''): Promise<Record<string, string>> {
  const logs: Record<string, string> = {};
  const name = pod.metadata!.name!;
  for (const status of pod.status?.containerStatuses ?? []) {
    const key = `${prefix}${name}/${status.name}`;
    logs[key] = await kube.podLog(namespace, name, status.name).catch((error: Error) => `(logs unavailable: ${error.message})`);
    if ((status.restartCount ?? 0) > 0) {
      logs[`${key} (previous)`] = await kube.podLog(namespace, name, status.name, true).catch((error: Error) => `(logs unavailable: ${error.message})`);
    }
  }
  return logs;
}

/** The HA ConfigMaps (name, annotations, data) as a diagnostic: which checkpoint HA pointed to. */
export async function haConfigMapsText(configMaps: Promise<V1ConfigMap[]>): Promise<string> {
  try {
    const shown = (await configMaps).map((c) => ({ name: c.metadata?.name, annotations: c.metadata?.annotations ?? {}, data: c.data ?? {} }));
    return shown.length > 0 ? JSON.stringify(shown, null, 2) : '(no HA ConfigMaps)';
  } catch (error) {
    return `(HA ConfigMaps unreadable: ${(error as Error).message})`;
  }
}

/** The namespace's pods' logs and events, the HA ConfigMaps, and what the port-forwards last failed with: a failing verdict's evidence. */
export async function deploymentDiagnostics(kube: Kube, namespace: string, haConfigMaps: Promise<V1ConfigMap[]>, forwards: Array<PortForwardHandle | undefined>): Promise<Record<string, string>> {
  const diagnostics = await namespaceDiagnostics(kube, namespace);
  diagnostics['ha-configmaps'] = await haConfigMapsText(haConfigMaps);
  const forwardErrors = forwards.map((forward) => forward?.lastError()).filter(Boolean);
  if (forwardErrors.length > 0) diagnostics['port-forward'] = forwardErrors.join('\n');
  return diagnostics;
}

/**
 * Deletes the deployment's owned namespace without waiting (the next scenario has its own; the run's
 * end waits for all of them); returns the problem, never throws.
 */
export async function deleteNamespaceOf(kube: Kube, namespace: string): Promise<string[]> {
  return kube.deleteOwnedNamespace(namespace, { wait: false }).then(() => [], (error: Error) => [`deleting namespace ${namespace}: ${error.message}`]);
}

/** `--keep`: the port-forwards closed (they die with this process anyway) and the namespace detached from it. */
export async function keepNamespaceOf(kube: Kube, namespace: string, forwards: Array<PortForwardHandle | undefined>): Promise<void> {
  await closeForwards(...forwards);
  await kube.keepNamespace(namespace);
}

/** Closes port-forwards, ignoring one already closed. */
export async function closeForwards(...forwards: Array<PortForwardHandle | undefined>): Promise<void> {
  await Promise.all(forwards.map((forward) => forward?.close().catch(() => undefined)));
}

/** The namespace's pods' logs and its events, one line per event. */
export async function namespaceDiagnostics(kube: Kube, namespace: string): Promise<Record<string, string>> {
  const diagnostics: Record<string, string> = {};
  const pods = await kube.pods(namespace, '').catch(() => [] as V1Pod[]);
  for (const pod of pods) Object.assign(diagnostics, await podLogs(kube, namespace, pod));
  const events = await kube.events(namespace).catch(() => [] as CoreV1Event[]);
  diagnostics.events = events
    .map((e) => `${(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp)?.toISOString?.() ?? ''} ${e.type} ${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason}: ${e.message}`)
    .join('\n');
  return diagnostics;
}

/** The MinIO console's port in the namespace's MinIO pod, read from its start-up log; nothing when the log does not tell. */
export async function minioConsolePortIn(kube: Kube, namespace: string): Promise<{ minioConsolePort?: number }> {
  const pod = (await kube.pods(namespace, 'app=minio').catch(() => [] as V1Pod[]))[0];
  const log = pod ? await kube.podLog(namespace, pod.metadata!.name!, 'minio').catch(() => '') : '';
  const port = minioConsolePort(log);
  return port ? { minioConsolePort: port } : {};
}
