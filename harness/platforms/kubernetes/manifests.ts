// Renders the YAML in manifests/ into objects: ${NAME} parameters substituted (every one must be
// given; an unknown one is an error, not an empty string), and the harness's labels on every object.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';

const MANIFESTS = resolve(import.meta.dirname, '../../../manifests');

export type ManifestName = 'minio' | 'flink-rbac' | 'flink-application';

export function renderManifest(name: ManifestName, parameters: Record<string, string | number>, labels: Record<string, string>): KubernetesObject[] {
  const source = readFileSync(resolve(MANIFESTS, `${name}.yaml`), 'utf8');
  const text = source.replace(/\$\{([A-Z0-9_]+)\}/g, (_, key: string) => {
    const value = parameters[key];
    if (value === undefined) throw new Error(`manifests/${name}.yaml needs parameter ${key}`);
    return String(value);
  });
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`manifests/${name}.yaml: ${document.errors[0]!.message}`);
      return document.toJS() as KubernetesObject | null;
    })
    .filter((object): object is KubernetesObject => object !== null)
    .map((object) => ({ ...object, metadata: { ...object.metadata, labels: { ...object.metadata?.labels, ...labels } } }));
}

/** The object of a kind and name among rendered ones (to fill in what is not a scalar parameter). */
export function findObject<T extends KubernetesObject>(objects: KubernetesObject[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found as T;
}
