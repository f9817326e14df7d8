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

/**
 * Creates those of `crds` the cluster does not have (with `labels` added, which must include the
 * owner label) and waits until they are Established. Returns the names it created; CRDs already
 * present, whoever made them, are left exactly as they are.
 */
export async function applyMissingCrds(kube: Kube, crds: V1CustomResourceDefinition[], labels: Record<string, string>): Promise<string[]> {
  if (labels[OWNER_LABEL] !== OWNER_VALUE) throw new Error(`CRDs the harness creates must carry ${OWNER_LABEL}=${OWNER_VALUE}`);
  const api = kube.config.makeApiClient(ApiextensionsV1Api);
  const created: string[] = [];
  for (const crd of crds) {
    const name = crd.metadata!.name!;
    const existing = await api.readCustomResourceDefinition({ name }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
    if (existing) continue;
    await kube.apply([{ ...crd, metadata: { ...crd.metadata, labels: { ...crd.metadata?.labels, ...labels } } } as KubernetesObject]);
    created.push(name);
  }
  for (const name of created) {
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
