// The accounts the harness, the operator and the Flink pods run as, for the tests that ask the API
// server what they may do (least-privilege.test.ts) and run a scenario as the harness's own
// (existing-cluster.test.ts). Each is a ServiceAccount; the harness's is bound to
// manifests/harness-rbac.yaml, the ClusterRole a team gives the harness on a cluster it does not own.
import { writeFileSync } from 'node:fs';
import { AuthorizationV1Api, RbacAuthorizationV1Api, type KubernetesObject } from '@kubernetes/client-node';
import type { Kube } from '../../../harness/k8s/kube.ts';
import { renderManifest } from '../../../harness/platforms/on-cluster/manifests.ts';
import { waitFor } from '../../../harness/support/wait.ts';

/** Binds the harness's ClusterRole to a new ServiceAccount in `namespace` (which must exist). */
export async function createHarnessAccount(admin: Kube, namespace: string, name: string): Promise<void> {
  await admin.apply([
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } } as KubernetesObject,
    ...renderManifest('harness-rbac', { NAMESPACE: namespace, SERVICE_ACCOUNT: name }, {}),
  ]);
}

/** Removes the cluster-scoped part of the harness's account (the namespace's deletion takes the rest). */
export async function deleteHarnessAccount(admin: Kube, name: string): Promise<void> {
  const rbac = admin.config.makeApiClient(RbacAuthorizationV1Api);
  await rbac.deleteClusterRoleBinding({ name: `frh-harness-${name}` }).catch(() => undefined);
  // The ClusterRole is shared by every binding: delete it only when none is left.
  const bindings = await rbac.listClusterRoleBinding();
  if (!bindings.items.some((b) => b.roleRef.name === 'frh-harness')) await rbac.deleteClusterRole({ name: 'frh-harness' }).catch(() => undefined);
}

/** A kubeconfig file that authenticates as a ServiceAccount (a TokenRequest token) to the admin's cluster. */
export async function serviceAccountKubeconfig(admin: Kube, namespace: string, name: string, file: string, expirationSeconds = 3600): Promise<void> {
  const token = await admin.serviceAccountToken(namespace, name, expirationSeconds);
  const cluster = admin.config.getCurrentCluster()!;
  const config = {
    apiVersion: 'v1', kind: 'Config', 'current-context': name,
    clusters: [{ name: 'cluster', cluster: { server: cluster.server, ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}), ...(cluster.caFile ? { 'certificate-authority': cluster.caFile } : {}) } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: 'cluster', user: name } }],
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}

/**
 * What an account may do in a namespace, as the API server says (SelfSubjectRulesReview, asked as
 * that account): one "group/resource verb" per right, wildcards as they come ("*").
 */
export async function rightsIn(account: Kube, namespace: string): Promise<Set<string>> {
  const review = await account.config.makeApiClient(AuthorizationV1Api).createSelfSubjectRulesReview({
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
  });
  const rights = new Set<string>();
  for (const rule of review.status?.resourceRules ?? []) {
    for (const group of rule.apiGroups ?? ['']) for (const resource of rule.resources ?? []) for (const verb of rule.verbs) rights.add(`${group || 'core'}/${resource} ${verb}`);
  }
  for (const rule of review.status?.nonResourceRules ?? []) for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) rights.add(`url:${url} ${verb}`);
  return rights;
}

/** Waits until a new binding shows in the account's rights (the API server's RBAC cache lags a moment). */
export async function settledRightsIn(account: Kube, namespace: string, expectedAtLeast: string): Promise<Set<string>> {
  return waitFor(`the binding to take effect (${expectedAtLeast})`, async () => {
    const rights = await rightsIn(account, namespace);
    return rights.has(expectedAtLeast) ? rights : undefined;
  }, { timeoutMs: 30_000, intervalMs: 200 });
}

/**
 * The rights the README's "Security" table lists per account: rows `| \`account\` | group | resources | verbs |`,
 * resources and verbs comma-separated, group "core" for the core API group.
 */
export function rightsListedInReadme(readme: string): Map<string, Set<string>> {
  const listed = new Map<string, Set<string>>();
  for (const line of readme.split('\n')) {
    const row = /^\|\s*`([a-z0-9-]+)`[^|]*\|\s*([a-z0-9.]+)\s*\|\s*([a-z/,\s]+?)\s*\|\s*([a-z,\s]+?)\s*\|$/.exec(line);
    if (!row) continue;
    const [, account, group, resources, verbs] = row;
    const rights = listed.get(account!) ?? new Set<string>();
    for (const resource of resources!.split(',').map((r) => r.trim())) for (const verb of verbs!.split(',').map((v) => v.trim())) rights.add(`${group}/${resource} ${verb}`);
    listed.set(account!, rights);
  }
  return listed;
}
