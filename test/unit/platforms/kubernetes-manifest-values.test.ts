// Manifest parameters are data: substituted after parsing, in string values only, so no value can
// change the YAML's structure.
import { describe, expect, it } from 'vitest';
import { renderManifest, findObject } from '../../../harness/platforms/on-cluster/manifests.ts';

const labels = { 'frh.dev/run': 'r1' };
const EVIL = '": {evil: 1}\n';
const minio = (secret: string) => renderManifest('minio', { NAMESPACE: 'ns1', MINIO_IMAGE: 'frh/minio:1', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: secret, STORAGE_SIZE: '1Gi' }, labels);
const application = (parameters: Record<string, string | number> = {}) =>
  renderManifest('flink-application', { NAMESPACE: 'ns1', GENERATION: 2, FLINK_IMAGE: 'frh/probe:1', TASK_MANAGERS: 3, ...parameters }, labels);

/** Every key path of a value, so two renderings can be compared for structure alone. */
function keyPaths(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...keyPaths(v, `${at}.${k}`)]);
  return [];
}

describe('manifest parameters', () => {
  it('put a value with a quote, a colon, braces and a newline verbatim into its one field, adding no key', () => {
    const rendered = minio(EVIL);
    const secret = findObject<{ stringData: Record<string, string> } & { kind: string }>(rendered, 'Secret', 'minio-credentials');
    expect(secret.stringData).toEqual({ accessKey: 'a', secretKey: EVIL });
    expect(keyPaths(rendered)).toEqual(keyPaths(minio('plain')));
    expect(JSON.stringify(rendered)).not.toContain('"evil"');
  });

  it('cannot start another document or object', () => {
    const rendered = application({ FLINK_IMAGE: 'x\n---\nkind: Secret\nmetadata: {name: injected}' });
    expect(rendered.map((o) => o.kind)).toEqual(['ConfigMap', 'Deployment', 'Deployment', 'Service']);
    expect(keyPaths(rendered)).toEqual(keyPaths(application()));
  });

  it('keep a number a number where the manifest leaves the placeholder bare, a string where it quotes it or embeds it', () => {
    const taskManagers = findObject<{ spec: { replicas: unknown; template: { spec: { volumes: Array<{ configMap: { name: unknown } }> } }; selector: { matchLabels: Record<string, unknown> } } } & { kind: string }>(application(), 'Deployment', 'taskmanager-g2');
    expect(taskManagers.spec.replicas).toBe(3);
    expect(taskManagers.spec.selector.matchLabels.generation).toBe('2');
    expect(taskManagers.spec.template.spec.volumes[0]!.configMap.name).toBe('flink-config-g2');
  });

  it('are read as strings when given as strings, never re-read as YAML', () => {
    const deployment = findObject<{ spec: { replicas: unknown } } & { kind: string }>(application({ TASK_MANAGERS: '3' }), 'Deployment', 'taskmanager-g2');
    expect(deployment.spec.replicas).toBe('3');
    const image = findObject<{ spec: { template: { spec: { containers: Array<{ image: unknown }> } } } } & { kind: string }>(application({ FLINK_IMAGE: 'true' }), 'Deployment', 'jobmanager-g2');
    expect(image.spec.template.spec.containers[0]!.image).toBe('true');
  });

  it('are substituted once: a value that looks like a parameter stays as given', () => {
    const secret = findObject<{ stringData: Record<string, string> } & { kind: string }>(minio('${NAMESPACE}'), 'Secret', 'minio-credentials');
    expect(secret.stringData.secretKey).toBe('${NAMESPACE}');
  });
});
