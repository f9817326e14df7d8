// The Flink Kubernetes Operator's CustomResourceDefinitions: read from what images/build.sh exported
// (images/.built/operator-<v>/crds/, taken out of the operator image), applied only when the cluster
// lacks them, labelled as the harness's, and deleted only when the harness created them and nothing
// of theirs is left anywhere in the cluster.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ApiextensionsV1Api, CustomObjectsApi, type KubernetesObject, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { isNotFound, OWNER_LABEL, OWNER_VALUE, type Kube } from '../../k8s/kube.ts';
import { waitFor } from '../../support/wait.ts';

const BUILT = resolve(import.meta.dirname, '../../../images/.built');

/** Where images/build.sh wrote the CRDs of an operator version. */
export function operatorCrdDirectory(operatorVersion: string): string {
  return resolve(BUILT, `operator-${operatorVersion}`, 'crds');
}

/** The CRDs of an operator version (FlinkDeployment, FlinkSessionJob, ...), as objects. */
export function readOperatorCrds(operatorVersion: string): V1CustomResourceDefinition[] {
  const directory = operatorCrdDirectory(operatorVersion);
  let files: string[];
  try {
    files = readdirSync(directory).filter((file) => /\.ya?ml$/.test(file)).sort();
  } catch {
    throw new Error(`${directory} is missing: run images/build.sh operator-${operatorVersion} first`);
  }
  if (files.length === 0) throw new Error(`no CRDs in ${directory}`);
  return files.flatMap((file) => parseAllDocuments(readFileSync(resolve(directory, file), 'utf8'))
    .map((document) => document.toJS() as V1CustomResourceDefinition | null)
    .filter((crd): crd is V1CustomResourceDefinition => crd?.kind === 'CustomResourceDefinition'));
}

/** The operator release whose CRDs the harness applied, on each CRD it owns. */
export const CRD_OPERATOR_VERSION_LABEL = 'frh.dev/operator-version';

/**
 * What to do with one CRD an operator of `wanted` needs, given the one the cluster has. CRDs are
 * cluster-wide and an operator release's CRDs are a superset of an older release's: a harness-owned
 * CRD from an older release (or of unknown release) is replaced by the newer one, never the other
 * way round, else an older operator's schema would prune the fields a newer operator writes (e.g.
 * status.lifecycleState from 1.3.0's CRD under 1.7.0). CRDs the harness did not create are never touched.
 */
export function crdAction(existing: V1CustomResourceDefinition | undefined, wanted: string): 'create' | 'upgrade' | 'keep' {
  if (!existing) return 'create';
  if (existing.metadata?.labels?.[OWNER_LABEL] !== OWNER_VALUE) return 'keep';
  const present = existing.metadata?.labels?.[CRD_OPERATOR_VERSION_LABEL];
  return present === undefined || compareVersions(present, wanted) < 0 ? 'upgrade' : 'keep';
}

/** Release order of operator versions (1.10.0 after 1.7.0): negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Creates those of `crds` the cluster does not have (with `labels` added, which must include the
 * owner label), replaces harness-owned ones of an older operator release (crdAction), and waits
 * until they are Established. Returns the names it created; CRDs of others are left as they are.
 */
export async function applyMissingCrds(kube: Kube, crds: V1CustomResourceDefinition[], labels: Record<string, string>, operatorVersion: string): Promise<string[]> {
  if (labels[OWNER_LABEL] !== OWNER_VALUE) throw new Error(`CRDs the harness creates must carry ${OWNER_LABEL}=${OWNER_VALUE}`);
  const api = kube.config.makeApiClient(ApiextensionsV1Api);
  const created: string[] = [];
  const upgraded: string[] = [];
  for (const crd of crds) {
    const name = crd.metadata!.name!;
    const existing = await api.readCustomResourceDefinition({ name }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
    const action = crdAction(existing, operatorVersion);
    if (action === 'keep') continue;
    await kube.apply([{ ...crd, metadata: { ...crd.metadata, labels: { ...crd.metadata?.labels, ...labels, [CRD_OPERATOR_VERSION_LABEL]: operatorVersion } } } as KubernetesObject]);
    (action === 'create' ? created : upgraded).push(name);
  }
  for (const name of [...created, ...upgraded]) {
    await waitFor(`CRD ${name} established`, async () => {
      const crd = await api.readCustomResourceDefinition({ name });
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
    }, { timeoutMs: 60_000 });
  }
  return created;
}

/**
 * Deletes the named CRDs if the harness created them (owner label) and no custom resource of theirs
 * exists in any namespace (deleting a CRD deletes all of its resources, other runs' included).
 * Returns what it left in place and why.
 */
export async function deleteOwnedCrdsIfUnused(kube: Kube, names: string[]): Promise<string[]> {
  const api = kube.config.makeApiClient(ApiextensionsV1Api);
  const objects = kube.config.makeApiClient(CustomObjectsApi);
  const kept: string[] = [];
  for (const name of names) {
    const crd = await api.readCustomResourceDefinition({ name }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
    if (!crd) continue;
    if (crd.metadata?.labels?.[OWNER_LABEL] !== OWNER_VALUE) {
      kept.push(`${name}: not created by the harness`);
      continue;
    }
    const version = crd.spec.versions.find((v) => v.storage)?.name ?? crd.spec.versions[0]!.name;
    const inUse = await objects.listClusterCustomObject({ group: crd.spec.group, version, plural: crd.spec.names.plural, limit: 1 }) as { items?: unknown[] };
    if ((inUse.items ?? []).length > 0) {
      kept.push(`${name}: still has resources`);
      continue;
    }
    await api.deleteCustomResourceDefinition({ name }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
  }
  return kept;
}
