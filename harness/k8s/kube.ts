// How we talk to Kubernetes: server-side apply, owned namespaces, readiness waits, pod deletion,
// port-forwards on loopback, ConfigMap watches. Everything the harness creates carries its labels,
// and it refuses to delete a namespace it did not create.
import { PassThrough } from 'node:stream';
import {
  AppsV1Api, CoreV1Api, CustomObjectsApi, Exec, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch, setHeaderOptions,
  type CoreV1Event, type KubernetesObject, type V1ConfigMap, type V1Pod, type V1Status,
} from '@kubernetes/client-node';
import type { Cluster } from '../clusters/cluster.ts';
import { waitFor } from '../support/wait.ts';
import { treatAsSecret } from '../support/redact.ts';
import { ownerGone, thisOwner } from '../support/owner.ts';
import { ensureReaper } from '../support/reaper.ts';
import { forwardToPods, newestRunningPod, type PortForwardHandle } from './port-forward.ts';

export type { PortForwardHandle } from './port-forward.ts';

export const OWNER_LABEL = 'app.kubernetes.io/managed-by';
export const OWNER_VALUE = 'flink-restore-harness';
export const RUN_LABEL = 'frh.dev/run';
export const OWNER_PID_ANNOTATION = 'frh.dev/owner-pid';
export const OWNER_HOST_ANNOTATION = 'frh.dev/owner-host';
/** On a namespace `--keep` left up for a person: only an explicit `frh sweep` deletes it. */
export const KEPT_LABEL = 'frh.dev/kept';
export const KEPT_AT_ANNOTATION = 'frh.dev/kept-at';

/** Refused: the harness only deletes what carries its owner label. */
export class NotOwnedError extends Error {
  constructor(what: string) {
    super(`${what} is not labelled ${OWNER_LABEL}=${OWNER_VALUE}: the harness did not create it and will not touch it`);
    this.name = 'NotOwnedError';
  }
}

/** A kubeconfig's credentials (tokens, passwords, client keys) never reach a report, whatever quotes them. */
export function treatKubeconfigSecretsAsSecret(config: KubeConfig): void {
  for (const user of config.getUsers()) {
    treatAsSecret(...[user.token, user.password, user.keyData].filter((value): value is string => typeof value === 'string'));
    // client-key-data is base64 of a PEM: its decoded body can be quoted too.
    if (user.keyData) treatAsSecret(...Buffer.from(user.keyData, 'base64').toString('utf8').split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----')));
  }
}

/** What a command run in a container printed, and how it ended. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  status: string;
  message?: string;
}

export class Kube {
  readonly config: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  private readonly objects: KubernetesObjectApi;

  constructor(config: KubeConfig) {
    this.config = config;
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
    this.objects = KubernetesObjectApi.makeApiClient(config);
  }

  static forCluster(cluster: Pick<Cluster, 'kubeconfig' | 'context'>): Kube {
    const config = new KubeConfig();
    config.loadFromFile(cluster.kubeconfig);
    treatKubeconfigSecretsAsSecret(config);
    if (cluster.context) config.setCurrentContext(cluster.context);
    return new Kube(config);
  }

  /** A client that authenticates with a bearer token (e.g. a ServiceAccount's) against the same server. */
  withToken(token: string): Kube {
    const cluster = this.config.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const config = new KubeConfig();
    treatAsSecret(token);
    config.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'token', token }],
      contexts: [{ name: 'token', cluster: cluster.name, user: 'token' }],
      currentContext: 'token',
    });
    return new Kube(config);
  }

  /** Server-side apply, in order; the harness is the field manager of everything it applies. */
  async apply(objects: KubernetesObject[]): Promise<void> {
    for (const object of objects) {
      await this.objects.patch(object, undefined, undefined, 'frh', true, PatchStrategy.ServerSideApply);
    }
  }

  /** Creates a namespace labelled as the harness's, annotated with the process that owns it (for sweeps). */
  async createOwnedNamespace(name: string, runId: string): Promise<void> {
    // Once this process is gone (even by SIGKILL), its reaper deletes the namespaces it annotated.
    ensureReaper({ kind: 'kubernetes-cluster', kubeconfig: this.config.exportConfig(), server: this.config.getCurrentCluster()?.server ?? 'the current cluster' }, runId);
    await this.apply([{
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, labels: { [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: runId }, annotations: { [OWNER_PID_ANNOTATION]: thisOwner().pid, [OWNER_HOST_ANNOTATION]: thisOwner().host } },
    } as KubernetesObject]);
  }

  /** Owned namespaces whose creating process ran on this host and is gone: leftovers of a crashed run (kept ones are not). */
  async abandonedNamespaces(): Promise<string[]> {
    const list = await this.core.listNamespace({ labelSelector: `${OWNER_LABEL}=${OWNER_VALUE}` });
    return list.items
      .filter((ns) => !ns.metadata?.deletionTimestamp && !isKept(ns.metadata?.labels) && ownerProcessGone(ns.metadata?.annotations))
      .map((ns) => ns.metadata!.name!);
  }

  /**
   * Detaches an owned namespace from its owner process (`--keep`): labelled kept, its owner pid
   * removed (the host stays, so a plain `frh sweep` there removes it), so neither the owner's
   * reaper nor any run's cleanup deletes it.
   */
  async keepNamespace(name: string, keptAt = new Date()): Promise<void> {
    await this.core.patchNamespace({ name, body: keptNamespacePatch(keptAt) }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  }

  /**
   * Deletes a namespace the harness created and (unless `wait` is false) waits until it is gone;
   * refuses any other.
   */
  async deleteOwnedNamespace(name: string, { wait = true, timeoutMs = 120_000 }: { wait?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const namespace = await this.core.readNamespace({ name }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
    if (!namespace) return;
    if (namespace.metadata?.labels?.[OWNER_LABEL] !== OWNER_VALUE) throw new NotOwnedError(`namespace ${name}`);
    await this.releaseControllerFinalizers(name);
    await this.core.deleteNamespace({ name, gracePeriodSeconds: 0 });
    if (!wait) return;
    await waitFor(`namespace ${name} to be deleted`, async () => {
      try {
        await this.core.readNamespace({ name });
        // A controller still running in the namespace (the operator of a kept deployment) may put
        // its finalizer back before it is stopped itself (seen: the namespace stuck terminating).
        await this.releaseControllerFinalizers(name);
        return undefined;
      } catch (error) {
        if (isNotFound(error)) return true;
        throw error;
      }
    }, { timeoutMs });
  }

  /**
   * A custom resource whose controller runs in the same namespace (the Flink Kubernetes Operator's
   * FlinkDeployment) carries that controller's finalizer; deleted together, the controller may go
   * first and the namespace then never finishes terminating. The namespace takes every resource in
   * it with it, so the finalizers are dropped first. Absent CRDs are fine.
   */
  private async releaseControllerFinalizers(namespace: string): Promise<void> {
    const custom = this.config.makeApiClient(CustomObjectsApi);
    for (const plural of ['flinkdeployments', 'flinksessionjobs']) {
      const api = { group: 'flink.apache.org', version: 'v1beta1', namespace, plural };
      const list = await custom.listNamespacedCustomObject(api).catch(() => ({})) as { items?: Array<{ metadata?: { name?: string; finalizers?: string[] } }> };
      for (const item of list.items ?? []) {
        if (!item.metadata?.name || !item.metadata.finalizers?.length) continue;
        await custom.patchNamespacedCustomObject({ ...api, name: item.metadata.name, body: [{ op: 'remove', path: '/metadata/finalizers' }] }).catch(() => undefined);
      }
    }
  }

  /** Namespaces of a run (or of every run), by label: what a sweep may delete; `kept`: with those kept (`--keep`) or without. */
  async ownedNamespaces(runId?: string, kept: 'include' | 'exclude' = 'include'): Promise<string[]> {
    const selector = runId ? `${OWNER_LABEL}=${OWNER_VALUE},${RUN_LABEL}=${runId}` : `${OWNER_LABEL}=${OWNER_VALUE}`;
    const list = await this.core.listNamespace({ labelSelector: selector });
    return list.items
      .filter((ns) => kept === 'include' || !isKept(ns.metadata?.labels))
      .map((ns) => ns.metadata!.name!);
  }

  /** Namespaces kept (`--keep`) by a harness on this host, of any run. */
  async namespacesKeptHere(): Promise<string[]> {
    const list = await this.core.listNamespace({ labelSelector: `${OWNER_LABEL}=${OWNER_VALUE},${KEPT_LABEL}=true` });
    return list.items.filter((ns) => !ns.metadata?.deletionTimestamp && keptHere(ns.metadata)).map((ns) => ns.metadata!.name!);
  }

  async waitForDeploymentReady(namespace: string, name: string, timeoutMs = 180_000): Promise<void> {
    await waitFor(`deployment ${namespace}/${name} ready`, async () => {
      const deployment = await this.apps.readNamespacedDeployment({ namespace, name });
      const wanted = deployment.spec?.replicas ?? 1;
      const status = deployment.status;
      return (status?.readyReplicas ?? 0) >= wanted && (status?.updatedReplicas ?? 0) >= wanted && (status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0)
        ? true : undefined;
    }, { timeoutMs });
  }

  async pods(namespace: string, labelSelector: string): Promise<V1Pod[]> {
    return (await this.core.listNamespacedPod({ namespace, labelSelector })).items;
  }

  /** The one running, ready pod matching the selector (e.g. the JobManager). */
  async readyPod(namespace: string, labelSelector: string, timeoutMs = 180_000): Promise<V1Pod> {
    return waitFor(`a ready pod ${labelSelector} in ${namespace}`, async () => {
      const ready = (await this.pods(namespace, labelSelector)).filter((pod) =>
        pod.metadata?.deletionTimestamp === undefined && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready[0];
    }, { timeoutMs });
  }

  /** Deletes a pod at once (grace period 0), like a node losing it. */
  async deletePod(namespace: string, name: string): Promise<void> {
    await this.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
  }

  /** Forwards a port of a pod to a random port on 127.0.0.1 (never another interface). */
  async portForward(namespace: string, pod: string, port: number): Promise<PortForwardHandle> {
    return forwardToPods(this.config, namespace, async () => (await this.core.readNamespacedPod({ namespace, name: pod })), port);
  }

  /**
   * Forwards a loopback port to the newest running pod matching a selector, chosen per connection:
   * the forward follows a pod that is deleted and replaced.
   */
  async portForwardToSelector(namespace: string, labelSelector: string, port: number): Promise<PortForwardHandle> {
    return forwardToPods(this.config, namespace, async () => newestRunningPod(await this.pods(namespace, labelSelector)), port);
  }

  /** Runs a command in a container and waits for it to end. */
  async exec(namespace: string, pod: string, container: string, command: string[]): Promise<ExecResult> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const status = await new Promise<V1Status>((resolve, reject) => {
      new Exec(this.config).exec(namespace, pod, container, command, stdout, stderr, null, false, resolve)
        .then((ws) => ws.on('close', () => resolve({ status: 'Unknown', message: 'the exec stream closed without a status' })))
        .catch(reject);
    });
    return { stdout: out, stderr: err, status: status.status ?? 'Unknown', ...(status.message ? { message: status.message } : {}) };
  }

  async scaleDeployment(namespace: string, name: string, replicas: number): Promise<void> {
    const scale = await this.apps.readNamespacedDeploymentScale({ namespace, name });
    await this.apps.replaceNamespacedDeploymentScale({ namespace, name, body: { ...scale, spec: { replicas } } });
  }

  /**
   * Deletes the Deployments, ConfigMaps and Services matching `labelSelector`, then their pods
   * (`podSelector`) at once, and waits until those pods are gone.
   */
  async deleteBySelector(namespace: string, labelSelector: string, podSelector: string, timeoutMs = 120_000): Promise<void> {
    await this.apps.deleteCollectionNamespacedDeployment({ namespace, labelSelector, gracePeriodSeconds: 0, propagationPolicy: 'Background' });
    await this.core.deleteCollectionNamespacedConfigMap({ namespace, labelSelector });
    for (const service of (await this.core.listNamespacedService({ namespace, labelSelector })).items) {
      await this.core.deleteNamespacedService({ namespace, name: service.metadata!.name! }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
    }
    await this.core.deleteCollectionNamespacedPod({ namespace, labelSelector: podSelector, gracePeriodSeconds: 0 });
    await waitFor(`pods ${podSelector} in ${namespace} to be gone`, async () => ((await this.pods(namespace, podSelector)).length === 0 ? true : undefined), { timeoutMs });
  }

  async configMaps(namespace: string, labelSelector?: string): Promise<V1ConfigMap[]> {
    return (await this.core.listNamespacedConfigMap({ namespace, ...(labelSelector ? { labelSelector } : {}) })).items;
  }

  async podLog(namespace: string, pod: string, container: string, previous = false): Promise<string> {
    return this.core.readNamespacedPodLog({ namespace, name: pod, container, previous, tailLines: 2000 });
  }

  async events(namespace: string): Promise<CoreV1Event[]> {
    return (await this.core.listNamespacedEvent({ namespace })).items;
  }

  /** Watches ConfigMaps of a namespace; returns a function that stops the watch. */
  async watchConfigMaps(namespace: string, onEvent: (phase: string, configMap: V1ConfigMap) => void, labelSelector?: string): Promise<() => void> {
    const controller = await new Watch(this.config).watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      labelSelector ? { labelSelector } : {},
      (phase, object: V1ConfigMap) => onEvent(phase, object),
      () => undefined,
    );
    return () => controller.abort();
  }

  /** A short-lived token of a ServiceAccount (TokenRequest API). */
  async serviceAccountToken(namespace: string, name: string, expirationSeconds = 600): Promise<string> {
    const request = await this.core.createNamespacedServiceAccountToken({ namespace, name, body: { spec: { audiences: [], expirationSeconds } } });
    const token = request.status?.token;
    if (!token) throw new Error(`no token issued for ${namespace}/${name}`);
    return token;
  }
}

/** True when the annotations name a process on this host that no longer runs. */
/** True for a namespace `--keep` left up. */
export function isKept(labels: Record<string, string> | undefined): boolean {
  return labels?.[KEPT_LABEL] === 'true';
}

/** The merge patch that keeps a namespace: the kept label and time, the owner's pid removed (null deletes a key). */
export function keptNamespacePatch(keptAt: Date): object {
  return {
    metadata: {
      labels: { [KEPT_LABEL]: 'true' },
      annotations: { [KEPT_AT_ANNOTATION]: keptAt.toISOString(), [OWNER_PID_ANNOTATION]: null },
    },
  };
}

/** True for a namespace kept (`--keep`) by a harness on this host: what a plain `frh sweep` here removes. */
export function keptHere(metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined): boolean {
  return isKept(metadata?.labels) && metadata?.annotations?.[OWNER_HOST_ANNOTATION] === thisOwner().host;
}

export function ownerProcessGone(annotations: Record<string, string> | undefined): boolean {
  return ownerGone({ host: annotations?.[OWNER_HOST_ANNOTATION], pid: annotations?.[OWNER_PID_ANNOTATION] }, false);
}

/** True for a 404 answer of the API server. */
export function isNotFound(error: unknown): boolean {
  return statusCode(error) === 404;
}

export function isForbidden(error: unknown): boolean {
  return statusCode(error) === 403;
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}
