// Least privilege, asked of the API server: the accounts of the Flink pods (flink-rbac.yaml), of
// the operator (flink-operator.yaml) and of the harness itself (harness-rbac.yaml, the ClusterRole a
// team binds to the kubeconfig it gives the harness) each ask SelfSubjectRulesReview what they may
// do. Beyond what any authenticated account may (measured on an account with no binding), each may
// exactly what the README's "Security" table lists: in its namespace, and elsewhere nothing (the
// harness: the same everywhere, as its namespaces are made per run).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import { clusterProvider } from '../../../harness/clusters/index.ts';
import { clusterSettings } from '../../../harness/scenario/environment.ts';
import { Kube, OWNER_LABEL, OWNER_VALUE, RUN_LABEL } from '../../../harness/k8s/kube.ts';
import { renderManifest } from '../../../harness/platforms/on-cluster/manifests.ts';
import { renderOperatorManifest } from '../../../harness/platforms/operator/operator-manifest.ts';
import { createHarnessAccount, deleteHarnessAccount, rightsIn, rightsListedInReadme, settledRightsIn } from './accounts.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const runId = (process.env.FRH_RUN_ID ?? `rights-${Date.now().toString(36)}`).slice(0, 30);
const home = `frh-${runId}-rights`.slice(0, 63).replace(/-+$/, '');
const labels = { [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: runId };
const HARNESS = 'frh-harness';
const NOBODY = 'frh-nobody';

let admin: Kube;

const without = (rights: Set<string>, baseline: Set<string>): string[] => [...rights].filter((r) => !baseline.has(r)).sort();

describe('least privilege, as the API server answers', () => {
  beforeAll(async () => {
    admin = Kube.forCluster(await clusterProvider(clusterSettings()).up());
    await admin.createOwnedNamespace(home, runId);
    const operatorAccount = renderOperatorManifest(home, 'unused:0', labels).filter((o) => ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind!));
    await admin.apply([
      ...renderManifest('flink-rbac', { NAMESPACE: home }, labels),
      ...operatorAccount,
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: NOBODY, namespace: home, labels } } as KubernetesObject,
    ]);
    await createHarnessAccount(admin, home, HARNESS);
  }, 300_000);

  afterAll(async () => {
    await deleteHarnessAccount(admin, HARNESS);
    await admin.deleteOwnedNamespace(home).catch(() => undefined);
  }, 180_000);

  it('each account may exactly what the README lists, and nothing outside its namespace', async () => {
    const listed = rightsListedInReadme(readFileSync(resolve(ROOT, 'README.md'), 'utf8'));
    expect([...listed.keys()].sort()).toEqual(['flink', 'flink-operator', HARNESS]);
    const as = async (account: string): Promise<Kube> => admin.withToken(await admin.serviceAccountToken(home, account));
    const nobody = await as(NOBODY);
    const baseline = await rightsIn(nobody, home);
    // What every authenticated account may: ask about itself, discovery; nothing in a namespace.
    const baselineResources = [...baseline].filter((r) => !r.startsWith('url:'));
    expect(baselineResources).toContain('authorization.k8s.io/selfsubjectrulesreviews create');
    expect(baselineResources.filter((r) => !/^[a-z0-9.]+\/selfsubject[a-z]*reviews create$/.test(r))).toEqual([]);
    for (const account of ['flink', 'flink-operator', HARNESS]) {
      const client = await as(account);
      const expected = [...listed.get(account)!].sort();
      const rights = without(await settledRightsIn(client, home, expected[0]!), baseline);
      expect(rights, `${account} in its namespace`).toEqual(expected);
      const elsewhere = without(await rightsIn(client, 'default'), baseline);
      expect(elsewhere, `${account} in namespace default`).toEqual(account === HARNESS ? expected : []);
    }
  });
});
