// The real single-node cluster built from source (provider `local`, or FRH_CLUSTER_PROVIDER): what
// the Flink Kubernetes platform relies on. A locally built image runs, pods find each other by
// Service name, the harness port-forwards on loopback, a Deployment replaces a deleted pod, a
// ConfigMap watch sees changes, a claim gets a volume that outlives its pod, and a namespaced Role
// grants exactly what Flink's HA needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject, V1ConfigMap } from '@kubernetes/client-node';
import { clusterProvider } from '../../../harness/clusters/index.ts';
import type { Cluster, ClusterProvider } from '../../../harness/clusters/cluster.ts';
import { Kube, isForbidden, NotOwnedError } from '../../../harness/k8s/kube.ts';
import { imageFor } from '../../../harness/platforms/images.ts';
import { waitFor } from '../../../harness/support/wait.ts';

const runId = (process.env.FRH_RUN_ID ?? 'cluster-test').slice(0, 30);
const home = `frh-${runId}-a`.slice(0, 63);
const elsewhere = `frh-${runId}-b`.slice(0, 63);
const image = imageFor('minio');

let provider: ClusterProvider;
let cluster: Cluster;
let kube: Kube;

beforeAll(async () => {
  provider = clusterProvider({ provider: process.env.FRH_CLUSTER_PROVIDER ?? 'local' });
  cluster = await provider.up();
  kube = Kube.forCluster(cluster);
  await provider.loadImages([image]);
  await kube.createOwnedNamespace(home, runId);
  await kube.createOwnedNamespace(elsewhere, runId);
}, 40 * 60_000);

afterAll(async () => {
  if (!kube) return;
  await Promise.all([home, elsewhere].map((ns) => kube.deleteOwnedNamespace(ns).catch(() => undefined)));
}, 180_000);

const labels = { app: 'storage' };
const storage: KubernetesObject[] = [
  {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'storage', namespace: home },
    spec: {
      replicas: 1, selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: 'minio', image, imagePullPolicy: 'Never', args: ['server', '/data', '--address', ':9000'],
            env: [{ name: 'MINIO_ROOT_USER', value: 'frh' }, { name: 'MINIO_ROOT_PASSWORD', value: 'frh-secret' }],
            ports: [{ containerPort: 9000 }],
            readinessProbe: { httpGet: { path: '/minio/health/live', port: 9000 }, periodSeconds: 1 },
          }],
        },
      },
    },
  } as KubernetesObject,
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'storage', namespace: home }, spec: { selector: labels, ports: [{ port: 9000, targetPort: 9000 }] } } as KubernetesObject,
];

describe('the local cluster', () => {
  it('has one Ready node', async () => {
    const nodes = (await kube.core.listNode()).items;
    expect(nodes).toHaveLength(1);
    expect(nodes[0]!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('runs a Deployment of a locally built image', async () => {
    await kube.apply(storage);
    await kube.waitForDeploymentReady(home, 'storage');
    const [pod] = await kube.pods(home, 'app=storage');
    expect(pod!.spec!.containers[0]!.image).toBe(image);
  }, 300_000);

  it('lets a pod reach another pod through a Service name (CoreDNS + kube-proxy)', async () => {
    await kube.core.deleteNamespacedPod({ namespace: home, name: 'client', gracePeriodSeconds: 0 }).catch(() => undefined);
    await kube.apply([{
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: home },
      spec: {
        restartPolicy: 'Never',
        // busybox's own resolver (nslookup) and nc: a static glibc busybox crashes in NSS lookups
        // (wget resolves the "http" service name through them).
        // Retried for a while: kube-proxy and CoreDNS pick up a new Service within a second or two.
        containers: [{ name: 'client', image, imagePullPolicy: 'Never', command: ['sh', '-c', [
          'for attempt in $(seq 1 30); do',
          `ip=$(nslookup storage.${home}.svc.cluster.local | awk '/^Name:/ {found=1} found && /^Address/ {print $2; exit}')`,
          'if test -n "$ip" && printf "GET /minio/health/live HTTP/1.1\\r\\nHost: storage\\r\\nConnection: close\\r\\n\\r\\n" | nc -w 2 "$ip" 9000 | grep -q "^HTTP/1.1 200"; then echo "reached $ip"; exit 0; fi',
          'sleep 1; done; echo "unreachable: ip=$ip"; exit 1',
        ].join('\n')] }],
      },
    } as KubernetesObject]);
    const phase = await waitFor('the client pod to finish', async () => {
      const pod = await kube.core.readNamespacedPod({ namespace: home, name: 'client' });
      return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' ? pod.status.phase : undefined;
    }, { timeoutMs: 120_000 });
    const log = await kube.core.readNamespacedPodLog({ namespace: home, name: 'client' });
    const service = await kube.core.readNamespacedService({ namespace: home, name: 'storage' });
    expect({ phase, log: log.trim() }).toEqual({ phase: 'Succeeded', log: `reached ${service.spec!.clusterIP}` });
  }, 180_000);

  it('port-forwards a pod port to loopback and gets an answer', async () => {
    const pod = await kube.readyPod(home, 'app=storage');
    const forward = await kube.portForward(home, pod.metadata!.name!, 9000);
    try {
      const response = await fetch(`http://127.0.0.1:${forward.localPort}/minio/health/live`);
      expect(response.status).toBe(200);
    } finally {
      await forward.close();
    }
  });

  it('brings a new pod up when a pod of a Deployment is deleted', async () => {
    const before = await kube.readyPod(home, 'app=storage');
    await kube.deletePod(home, before.metadata!.name!);
    const after = await waitFor('a replacement pod', async () => {
      const pod = await kube.readyPod(home, 'app=storage', 1000).catch(() => undefined);
      return pod && pod.metadata!.uid !== before.metadata!.uid ? pod : undefined;
    }, { timeoutMs: 120_000 });
    expect(after.metadata!.name).not.toBe(before.metadata!.name);
  }, 180_000);

  it('sees ConfigMap changes through a watch', async () => {
    const seen: string[] = [];
    const stop = await kube.watchConfigMaps(home, (phase, cm: V1ConfigMap) => seen.push(`${phase} ${cm.metadata?.name} ${cm.data?.counter ?? ''}`.trim()), 'frh-test=watch');
    try {
      const configMap = (counter: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched', namespace: home, labels: { 'frh-test': 'watch' } }, data: { counter } }) as KubernetesObject;
      await kube.apply([configMap('1')]);
      await kube.apply([configMap('2')]);
      await waitFor('ADDED and MODIFIED events', async () => (seen.includes('MODIFIED watched 2') ? true : undefined), { timeoutMs: 30_000 });
      expect(seen).toContain('ADDED watched 1');
    } finally {
      stop();
    }
  });

  it('gives a ServiceAccount exactly the ConfigMap and Lease rights Flink HA needs, in its namespace only', async () => {
    await kube.apply([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flink', namespace: home } } as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'flink-ha', namespace: home },
        rules: [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        ],
      } as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'flink-ha', namespace: home },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'flink-ha' },
        subjects: [{ kind: 'ServiceAccount', name: 'flink', namespace: home }],
      } as KubernetesObject,
    ]);
    const flink = kube.withToken(await kube.serviceAccountToken(home, 'flink'));
    const configMap = { metadata: { name: 'ha-probe' }, data: { leader: 'a' } };
    // The API server's RBAC cache takes a moment to see a new RoleBinding.
    await waitFor('the RoleBinding to take effect', async () => {
      await flink.core.createNamespacedConfigMap({ namespace: home, body: configMap });
      return true;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    await flink.core.replaceNamespacedConfigMap({ namespace: home, name: 'ha-probe', body: { ...configMap, data: { leader: 'b' } } });
    const events: string[] = [];
    const stop = await flink.watchConfigMaps(home, (phase, cm) => events.push(`${phase} ${cm.metadata?.name}`));
    try {
      await waitFor('the ServiceAccount’s watch to list ha-probe', async () => (events.includes('ADDED ha-probe') ? true : undefined), { timeoutMs: 30_000 });
    } finally {
      stop();
    }
    const coordination = await import('@kubernetes/client-node').then((m) => flink.config.makeApiClient(m.CoordinationV1Api));
    await coordination.createNamespacedLease({ namespace: home, body: { metadata: { name: 'ha-lease' }, spec: { holderIdentity: 'jobmanager' } } });
    await expect(flink.core.createNamespacedConfigMap({ namespace: elsewhere, body: configMap })).rejects.toSatisfy(isForbidden);
    await expect(coordination.createNamespacedLease({ namespace: elsewhere, body: { metadata: { name: 'ha-lease' } } })).rejects.toSatisfy(isForbidden);
    await expect(flink.core.listNamespacedPod({ namespace: home })).rejects.toSatisfy(isForbidden);
  });

  it('binds a claim to a volume of the default StorageClass that outlives its pod, and frees it with the claim', async () => {
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: home }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Mi' } } } } as KubernetesObject;
    const writer = (name: string, script: string) => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: home },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name, image, imagePullPolicy: 'Never', command: ['sh', '-c', script], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      },
    }) as KubernetesObject;
    const finished = (name: string) => waitFor(`pod ${name} to finish`, async () => {
      const pod = await kube.core.readNamespacedPod({ namespace: home, name });
      return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' ? pod.status.phase : undefined;
    }, { timeoutMs: 120_000 });
    await kube.apply([claim, writer('write', 'echo kept > /data/file')]);
    expect(await finished('write')).toBe('Succeeded');
    await kube.deletePod(home, 'write');
    await kube.apply([writer('read', 'cat /data/file')]);
    expect(await finished('read')).toBe('Succeeded');
    expect((await kube.core.readNamespacedPodLog({ namespace: home, name: 'read' })).trim()).toBe('kept');
    const volume = (await kube.core.readNamespacedPersistentVolumeClaim({ namespace: home, name: 'data' })).spec!.volumeName!;
    await kube.deletePod(home, 'read');
    await kube.core.deleteNamespacedPersistentVolumeClaim({ namespace: home, name: 'data' });
    await waitFor(`volume ${volume} to be deleted with its claim`, async () => {
      try {
        await kube.core.readPersistentVolume({ name: volume });
        return undefined;
      } catch {
        return true;
      }
    }, { timeoutMs: 120_000 });
  }, 300_000);

  it('refuses to delete a namespace it did not create', async () => {
    await expect(kube.deleteOwnedNamespace('kube-system')).rejects.toThrow(NotOwnedError);
  });
});
