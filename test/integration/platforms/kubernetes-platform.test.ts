// The Kubernetes platform against the real local cluster: a deployment lives in its own labelled
// namespace, Flink's Kubernetes HA works with exactly the rights the Role grants, the harness
// reaches Flink only through loopback, and dispose removes the namespace with its HA ConfigMaps.
// A sweep removes namespaces whose owner died and never one without the harness's label.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import { clusterProvider } from '../../../harness/clusters/index.ts';
import { clusterSettings } from '../../../harness/scenario/environment.ts';
import { KubernetesPlatform } from '../../../harness/platforms/kubernetes/kubernetes-platform.ts';
import type { KubernetesDeployment } from '../../../harness/platforms/kubernetes/kubernetes-deployment.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';
import { Kube, OWNER_HOST_ANNOTATION, OWNER_LABEL, OWNER_PID_ANNOTATION, OWNER_VALUE, RUN_LABEL, isForbidden } from '../../../harness/k8s/kube.ts';
import { waitFor } from '../../../harness/support/wait.ts';

describe('KubernetesPlatform', () => {
  const runId = `${inject('runId')}-k8s`.slice(0, 40);
  let platform: KubernetesPlatform;
  let kube: Kube;
  let deployment: KubernetesDeployment | undefined;

  beforeAll(async () => {
    const provider = clusterProvider(clusterSettings());
    const cluster = await provider.up();
    await provider.loadImages(KubernetesPlatform.images(['2.1.0']));
    platform = new KubernetesPlatform({ runId, cluster });
    kube = platform.kube;
  }, 40 * 60_000);
  afterAll(async () => {
    await deployment?.dispose();
  });

  it('deploys MinIO and a Flink application cluster with Kubernetes HA into an owned namespace', async () => {
    deployment = await platform.deploy(defaultSpec({ name: 'lifecycle' }));
    const namespace = await kube.core.readNamespace({ name: deployment.namespace });
    expect(namespace.metadata?.labels).toMatchObject({ [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: runId });
    expect(namespace.metadata?.annotations?.[OWNER_PID_ANNOTATION]).toBe(String(process.pid));
    expect(deployment.spec.highAvailability).toBe('kubernetes');
    expect(new URL(deployment.rest.baseUrl).hostname).toBe('127.0.0.1');
    expect((await deployment.rest.overview()).taskmanagers).toBe(1);
    const ha = await waitFor('Flink to write its HA ConfigMaps', async () => {
      const names = (await deployment!.haConfigMaps()).map((c) => c.metadata!.name!);
      return names.some((n) => n.endsWith('-cluster-config-map')) ? names : undefined;
    }, { timeoutMs: 120_000 });
    expect(ha).toContain(`lifecycle-g1-cluster-config-map`);
  });

  it('gives Flink exactly the ConfigMap rights of its namespace', async () => {
    const flink = kube.withToken(await kube.serviceAccountToken(deployment!.namespace, 'flink'));
    await expect(flink.configMaps(deployment!.namespace)).resolves.toBeDefined();
    await expect(flink.pods(deployment!.namespace, '')).rejects.toSatisfy(isForbidden);
    await expect(flink.configMaps('default')).rejects.toSatisfy(isForbidden);
  });

  it('deletes the namespace, and with it the HA ConfigMaps, on dispose', async () => {
    const namespace = deployment!.namespace;
    expect(await deployment!.dispose()).toEqual([]);
    deployment = undefined;
    await waitFor(`namespace ${namespace} to be gone`, async () => (await kube.ownedNamespaces(runId)).length === 0 ? true : undefined, { timeoutMs: 120_000 });
    await expect(kube.core.readNamespace({ name: namespace })).rejects.toThrow();
  }, 180_000);

  it('sweeps namespaces whose owner process is gone, and never an unlabelled one', async () => {
    const orphan = `frh-${runId}-orphan`.slice(0, 63);
    const stranger = `frh-${runId}-stranger`.slice(0, 63);
    const namespace = (name: string, labels: Record<string, string>, annotations: Record<string, string>) =>
      ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, annotations } }) as KubernetesObject;
    const gone = { [OWNER_PID_ANNOTATION]: '999999999', [OWNER_HOST_ANNOTATION]: (await import('node:os')).hostname() };
    await kube.apply([namespace(orphan, { [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: runId }, gone), namespace(stranger, {}, gone)]);
    try {
      expect(await platform.sweep()).toBeGreaterThanOrEqual(1);
      await expect(kube.core.readNamespace({ name: orphan })).rejects.toThrow();
      await expect(kube.core.readNamespace({ name: stranger })).resolves.toBeDefined();
    } finally {
      await kube.core.deleteNamespace({ name: stranger }).catch(() => undefined);
    }
  }, 180_000);
});
