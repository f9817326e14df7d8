// Renders the YAML in manifests/ into objects: ${NAME} parameters substituted (every one must be
// given; an unknown one is an error, not an empty string), and the harness's labels on every object.
// Parameters are substituted after parsing, in string scalars only, so a value is data: a colon, a
// quote or a newline in it ends up verbatim in its one field and can never add a key or a document.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments, Scalar, visit } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';

const MANIFESTS = resolve(import.meta.dirname, '../../../manifests');
const PARAMETER = /\$\{([A-Z0-9_]+)\}/g;
const WHOLE_PARAMETER = /^\$\{([A-Z0-9_]+)\}$/;

export type ManifestName = 'minio' | 'flink-rbac' | 'flink-application' | 'flink-operator' | 'harness-rbac';

/**
 * The objects of manifests/<name>.yaml with every `${NAME}` in a string scalar replaced by
 * `parameters[NAME]`, and `labels` added to every object's metadata. A plain (unquoted) scalar that
 * is exactly one parameter whose value is a number becomes that number (`replicas: ${N}`); anything
 * else stays a string (`generation: "${N}"` is the string "2"). Comments are not substituted.
 * Throws when the YAML does not parse or a parameter is missing.
 */
export function renderManifest(name: ManifestName, parameters: Record<string, string | number>, labels: Record<string, string>): KubernetesObject[] {
  const source = readFileSync(resolve(MANIFESTS, `${name}.yaml`), 'utf8');
  const value = (key: string): string | number => {
    const found = parameters[key];
    if (found === undefined) throw new Error(`manifests/${name}.yaml needs parameter ${key}`);
    return found;
  };
  return parseAllDocuments(source)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`manifests/${name}.yaml: ${document.errors[0]!.message}`);
      visit(document, {
        Scalar(_, node) {
          if (typeof node.value !== 'string' || !node.value.includes('${')) return;
          const whole = WHOLE_PARAMETER.exec(node.value);
          const wholeValue = whole ? value(whole[1]!) : undefined;
          if (typeof wholeValue === 'number' && node.type === Scalar.PLAIN) {
            node.value = wholeValue;
            return;
          }
          node.value = node.value.replace(PARAMETER, (_match, key: string) => String(value(key)));
        },
      });
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
