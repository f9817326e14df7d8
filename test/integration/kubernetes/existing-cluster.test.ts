// Issue 23, scale-out on a cluster a team already runs: `frh suite --provider existing` against the
// local cluster treated as someone else's. The harness gets only its kubeconfig, the images are
// already on the node (the owner put them there, as a registry would), and it must create nothing
// outside the run's own namespaces: every object it leaves or makes along the way is in a namespace
// labelled with its run, a volume bound to a claim there, or the address the API server records for
// a Service there. The cluster is watched while the suite runs, so an object created and deleted
// again within the run is seen too. The kubeconfig it gets is a ServiceAccount's bound to
// manifests/harness-rbac.yaml: the rights the README lists are enough.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { LocalClusterProvider } from '../../../harness/clusters/local.ts';
import { KubernetesPlatform } from '../../../harness/platforms/kubernetes/kubernetes-platform.ts';
import { Kube, RUN_LABEL } from '../../../harness/k8s/kube.ts';
import { createHarnessAccount, deleteHarnessAccount, serviceAccountKubeconfig } from './accounts.ts';
import { loadRun } from '../../../harness/report/results.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCENARIO = '01-taskmanager-killed';
const runId = `existing-${Date.now().toString(36)}`;
const reports = mkdtempSync(join(tmpdir(), 'frh-existing-'));
const accountFolder = mkdtempSync(join(tmpdir(), 'frh-existing-account-'));

/** Kinds that live outside any namespace: what a careless harness would leave on someone's cluster. */
const CLUSTER_SCOPED_KINDS: Array<[string, string]> = [
  ['v1', 'Namespace'], ['v1', 'PersistentVolume'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'], ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'], ['storage.k8s.io/v1', 'StorageClass'],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'], ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
  // Since Kubernetes 1.33 the API server records each Service's ClusterIP as an IPAddress (its
  // parentRef names the Service): the run's Services make some, and so would any other Service.
  ['networking.k8s.io/v1', 'IPAddress'],
];
/** Kinds whose names are stable in the namespaces the owner already had (pods, leases and events churn on their own). */
const NAMESPACED: Array<[string, string]> = [
  ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'ServiceAccount'], ['v1', 'Service'], ['v1', 'PersistentVolumeClaim'],
  ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['rbac.authorization.k8s.io/v1', 'Role'], ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
];

let objects: KubernetesObjectApi;
/** CLUSTER_SCOPED_KINDS that this cluster serves (IPAddress only from Kubernetes 1.33). */
let clusterScoped: Array<[string, string]> = [];
let kubeconfig = '';
let admin: Kube | undefined;
let harnessKubeconfig = '';
const HARNESS_ACCOUNT = 'frh-harness';
const accountNamespace = `frh-account-${runId}`.slice(0, 63);

async function list(apiVersion: string, kind: string, namespace?: string): Promise<KubernetesObject[]> {
  return (await objects.list(apiVersion, kind, namespace)).items;
}

/** Every cluster-scoped object, and every stable object in the given namespaces, as "Kind namespace/name". */
async function footprint(namespaces: string[]): Promise<string[]> {
  const names: string[] = [];
  for (const [apiVersion, kind] of clusterScoped) for (const o of await list(apiVersion, kind)) names.push(`${kind} ${o.metadata!.name}`);
  for (const namespace of namespaces) {
    for (const [apiVersion, kind] of NAMESPACED) for (const o of await list(apiVersion, kind, namespace)) names.push(`${kind} ${namespace}/${o.metadata!.name}`);
  }
  return names.sort();
}

/** Cluster-scoped objects that are not the run's own: a namespace without its label, a volume or a Service's address elsewhere, anything else new. */
async function strangers(before: Set<string>): Promise<string[]> {
  const found: string[] = [];
  const namespaces = await list('v1', 'Namespace');
  const ours = new Set(namespaces.filter((n) => n.metadata?.labels?.[RUN_LABEL] === runId).map((n) => n.metadata!.name!));
  for (const [apiVersion, kind] of clusterScoped) {
    for (const o of kind === 'Namespace' ? namespaces : await list(apiVersion, kind)) {
      const name = `${kind} ${o.metadata!.name}`;
      if (before.has(name) || (kind === 'Namespace' && ours.has(o.metadata!.name!))) continue;
      const spec = (o as { spec?: { claimRef?: { namespace?: string; name?: string }; parentRef?: { namespace?: string; name?: string } } }).spec;
      if (kind === 'PersistentVolume' && spec?.claimRef?.namespace && ours.has(spec.claimRef.namespace)) continue;
      if (kind === 'IPAddress' && spec?.parentRef?.namespace && ours.has(spec.parentRef.namespace)) continue;
      // Whose it is, when it names its claim or Service: on a shared cluster, another run's are seen too.
      const owner = spec?.claimRef ?? spec?.parentRef;
      found.push(owner?.namespace ? `${name} (of ${owner.namespace}/${owner.name ?? '?'})` : name);
    }
  }
  return found;
}

describe('frh suite --provider existing (the local cluster as someone else\'s)', () => {
  beforeAll(async () => {
    // The owner's part: a running cluster with the images on its node. The harness gets a kubeconfig.
    const local = new LocalClusterProvider();
    kubeconfig = (await local.up()).kubeconfig;
    await local.loadImages(KubernetesPlatform.images(['2.1.0']));
    const config = new KubeConfig();
    config.loadFromFile(kubeconfig);
    objects = KubernetesObjectApi.makeApiClient(config);
    // The client's discovery names a kind the cluster does not serve; any other error ends the test.
    const served = await Promise.all(CLUSTER_SCOPED_KINDS.map(([apiVersion, kind]) => list(apiVersion, kind)
      .then(() => true, (error: unknown) => (/Unrecognized API version and kind/.test(String(error)) ? false : Promise.reject(error)))));
    clusterScoped = CLUSTER_SCOPED_KINDS.filter((_, index) => served[index]);
    // The harness gets no admin's kubeconfig: one of an account bound to manifests/harness-rbac.yaml
    // (the least privilege the README lists), in a namespace of the owner's that the harness never touches.
    admin = new Kube(config);
    await admin.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: accountNamespace } } as KubernetesObject]);
    await createHarnessAccount(admin, accountNamespace, HARNESS_ACCOUNT);
    harnessKubeconfig = join(accountFolder, 'harness.kubeconfig');
    await serviceAccountKubeconfig(admin, accountNamespace, HARNESS_ACCOUNT, harnessKubeconfig);
  }, 20 * 60_000);
  afterAll(async () => {
    rmSync(reports, { recursive: true, force: true });
    rmSync(accountFolder, { recursive: true, force: true });
    if (!admin) return;
    await deleteHarnessAccount(admin, HARNESS_ACCOUNT);
    await admin.core.deleteNamespace({ name: accountNamespace }).catch(() => undefined);
  }, 180_000);

  it('runs a scenario to PASS and leaves nothing outside the run\'s namespaces, not even for a moment', async () => {
    const existingNamespaces = (await list('v1', 'Namespace')).map((n) => n.metadata!.name!);
    const before = await footprint(existingNamespaces);
    const beforeSet = new Set(before.filter((name) => name.split(' ')[1]!.split('/').length === 1));

    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('VITEST') && key !== 'NODE_OPTIONS') env[key] = value;
    Object.assign(env, { FRH_RUN_ID: runId, FRH_REPORT_DIR: reports, FRH_QUIET: '1' });
    delete env.FRH_CLUSTER_PROVIDER;
    const child = spawn(process.execPath, [join(ROOT, 'harness/cli/main.ts'), 'suite', '--platform', 'kubernetes', '--provider', 'existing', '--kubeconfig', harnessKubeconfig, SCENARIO],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // Watch the cluster while the suite runs; collect anything that is not the run's own.
    const seen = new Set<string>();
    let sawOwnNamespace = false;
    let running = true;
    const watching = (async () => {
      while (running) {
        for (const stranger of await strangers(beforeSet).catch(() => [])) seen.add(stranger);
        const own = await list('v1', 'Namespace').then((ns) => ns.some((n) => n.metadata?.labels?.[RUN_LABEL] === runId), () => false);
        sawOwnNamespace ||= own;
        await new Promise((done) => setTimeout(done, 1_000));
      }
    })();
    const [status] = (await once(child, 'close')) as [number | null];
    running = false;
    await watching;

    expect(status, output.split('\n').slice(-30).join('\n')).toBe(0);
    expect(loadRun(reports, runId)?.results.map((r) => r.verdict)).toEqual(['PASS']);
    expect(sawOwnNamespace, 'the run worked in a namespace of its own').toBe(true);
    expect([...seen]).toEqual([]);

    // Afterwards the owner's cluster is as it was: the run's namespaces (and their volumes) are gone.
    const deadline = Date.now() + 180_000;
    let after = await footprint(existingNamespaces);
    while (JSON.stringify(after) !== JSON.stringify(before) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 2_000));
      after = await footprint(existingNamespaces);
    }
    expect(after).toEqual(before);
  }, 20 * 60_000);
});
