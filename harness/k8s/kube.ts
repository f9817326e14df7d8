// How we talk to Kubernetes: server-side apply, owned namespaces, readiness waits, pod deletion,
// port-forwards on loopback, ConfigMap watches. Everything the harness creates carries its labels,
// and it refuses to delete a namespace it did not create.
import { createServer, type AddressInfo, type Server } from 'node:net';
import {
  AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, PortForward, Watch,
  type KubernetesObject, type V1ConfigMap, type V1Pod,
} from '@kubernetes/client-node';
import type { Cluster } from '../clusters/cluster.ts';
import { waitFor } from '../support/wait.ts';

export const OWNER_LABEL = 'app.kubernetes.io/managed-by';
export const OWNER_VALUE = 'flink-restore-harness';
export const RUN_LABEL = 'frh.dev/run';

/** Refused: the harness only deletes what carries its owner label. */
export class NotOwnedError extends Error {
  constructor(what: string) {
    super(`${what} is not labelled ${OWNER_LABEL}=${OWNER_VALUE}: the harness did not create it and will not touch it`);
    this.name = 'NotOwnedError';
  }
}

export interface PortForwardHandle {
  localPort: number;
  close(): Promise<void>;
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
    if (cluster.context) config.setCurrentContext(cluster.context);
    return new Kube(config);
  }

  /** A client that authenticates with a bearer token (e.g. a ServiceAccount's) against the same server. */
  withToken(token: string): Kube {
    const cluster = this.config.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const config = new KubeConfig();
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

  async createOwnedNamespace(name: string, runId: string): Promise<void> {
    await this.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: runId } } } as KubernetesObject]);
  }

  /** Deletes a namespace the harness created and waits until it is gone; refuses any other. */
  async deleteOwnedNamespace(name: string, timeoutMs = 120_000): Promise<void> {
    const namespace = await this.core.readNamespace({ name }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
    if (!namespace) return;
    if (namespace.metadata?.labels?.[OWNER_LABEL] !== OWNER_VALUE) throw new NotOwnedError(`namespace ${name}`);
    await this.core.deleteNamespace({ name, gracePeriodSeconds: 0 });
    await waitFor(`namespace ${name} to be deleted`, async () => {
      try {
        await this.core.readNamespace({ name });
        return undefined;
      } catch (error) {
        if (isNotFound(error)) return true;
        throw error;
      }
    }, { timeoutMs });
  }

  /** Namespaces of a run (or of every run), by label: what a sweep may delete. */
  async ownedNamespaces(runId?: string): Promise<string[]> {
    const selector = runId ? `${OWNER_LABEL}=${OWNER_VALUE},${RUN_LABEL}=${runId}` : `${OWNER_LABEL}=${OWNER_VALUE}`;
    const list = await this.core.listNamespace({ labelSelector: selector });
    return list.items.map((ns) => ns.metadata!.name!);
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
    const forward = new PortForward(this.config);
    const server: Server = createServer((socket) => {
      forward.portForward(namespace, pod, [port], socket, null, socket).catch(() => socket.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const localPort = (server.address() as AddressInfo).port;
    return {
      localPort,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
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
