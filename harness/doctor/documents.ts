// Reads what users already have — a Flink config.yaml or legacy flink-conf.yaml, a Flink Kubernetes
// Operator FlinkDeployment, a Ververica Platform Deployment, a ConfigMap carrying a Flink config,
// or the harness's own deployment settings — into one shape the rules can judge.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { flinkConfiguration } from '../platforms/flink-config.ts';
import { defaultSpec, type DeploymentSpec } from '../platforms/deployment-spec.ts';

export type DocumentFormat = 'flink-config' | 'legacy-flink-conf' | 'flink-deployment' | 'vvp-deployment' | 'harness-spec';

export const FORMAT_NAMES: Record<DocumentFormat, string> = {
  'flink-config': 'Flink config.yaml',
  'legacy-flink-conf': 'legacy flink-conf.yaml',
  'flink-deployment': 'Flink Kubernetes Operator FlinkDeployment',
  'vvp-deployment': 'Ververica Platform Deployment',
  'harness-spec': 'harness deployment settings',
};

/** The platform-level setting that decides which state a resumed job starts from. */
export interface RestoreSetting {
  /** Where the setting lives, e.g. `spec.restoreStrategy.kind`. */
  path: string;
  /** Its value, undefined when not set (the platform's default applies). */
  value?: string;
}

export interface DoctorDocument {
  file: string;
  /** Names the document inside its file, e.g. `FlinkDeployment orders`. */
  label: string;
  format: DocumentFormat;
  /** major.minor when known, e.g. "2.1" or "1.20". */
  flinkVersion?: string;
  /** Flat Flink configuration: nested YAML maps are joined with dots. */
  config: Record<string, string>;
  restore?: RestoreSetting;
  /** Where the job runs on Kubernetes (Flink's Kubernetes HA applies there). */
  onKubernetes: boolean;
}

/** A file that cannot be read or holds nothing the doctor understands. */
export class UnreadableInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableInputError';
  }
}

type Yaml = Record<string, unknown>;

export function readDocuments(file: string, options: { flinkVersion?: string } = {}): DoctorDocument[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadableInputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message})`);
  }
  return parseDocuments(file, text, options);
}

export function parseDocuments(file: string, text: string, options: { flinkVersion?: string } = {}): DoctorDocument[] {
  const assumed = options.flinkVersion ? majorMinor(options.flinkVersion) : undefined;
  // flink-conf.yaml is not YAML but "key: value" lines (values such as -XX:+Foo are taken literally).
  if (basename(file) === 'flink-conf.yaml') {
    return [{ file, label: basename(file), format: 'legacy-flink-conf', flinkVersion: assumed, config: parseLegacyLines(text), onKubernetes: false }];
  }
  const parsed = parseAllDocuments(text);
  const documents: DoctorDocument[] = [];
  for (const [index, doc] of parsed.entries()) {
    if (doc.errors.length > 0) throw new UnreadableInputError(`${file}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]!.replace(/:$/, '')})`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isMap(value)) throw new UnreadableInputError(`${file}: document ${index + 1} is not a map of settings`);
    const read = interpret(file, value, assumed);
    if (read) documents.push(read);
  }
  if (documents.length === 0) {
    throw new UnreadableInputError(`${file}: found no Flink configuration, FlinkDeployment, Ververica Platform Deployment or harness deployment settings`);
  }
  return documents;
}

function interpret(file: string, doc: Yaml, assumed: string | undefined): DoctorDocument | undefined {
  const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  const name = isMap(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : undefined;
  const label = kind ? `${kind}${name ? ` ${name}` : ''}` : basename(file);

  if (kind === 'FlinkDeployment' && apiVersion.startsWith('flink.apache.org/')) {
    const spec = mapAt(doc, 'spec');
    const job = mapAt(spec, 'job');
    const version = typeof spec.flinkVersion === 'string' ? operatorVersion(spec.flinkVersion) : undefined;
    return {
      file, label, format: 'flink-deployment', flinkVersion: assumed ?? version,
      config: flatten(mapAt(spec, 'flinkConfiguration')),
      restore: { path: 'spec.job.upgradeMode', value: stringAt(job, 'upgradeMode') },
      onKubernetes: true,
    };
  }
  if (kind === 'Deployment' && apiVersion === 'v1' && isMap(doc.spec)) {
    // Ververica Platform's Deployment (apiVersion v1), not Kubernetes' apps/v1 Deployment.
    const spec = doc.spec;
    const template = mapAt(mapAt(spec, 'template'), 'spec');
    const version = typeof template.flinkVersion === 'string' || typeof template.flinkVersion === 'number' ? majorMinor(String(template.flinkVersion)) : undefined;
    return {
      file, label, format: 'vvp-deployment', flinkVersion: assumed ?? version,
      config: flatten(mapAt(template, 'flinkConfiguration')),
      restore: { path: 'spec.restoreStrategy.kind', value: stringAt(mapAt(spec, 'restoreStrategy'), 'kind') },
      onKubernetes: true,
    };
  }
  if (kind === 'ConfigMap' && isMap(doc.data)) {
    const embedded = (['config.yaml', 'flink-conf.yaml'] as const).find((key) => typeof (doc.data as Yaml)[key] === 'string');
    if (!embedded) return undefined;
    const inner = String((doc.data as Yaml)[embedded]);
    const config = embedded === 'flink-conf.yaml' ? parseLegacyLines(inner) : flattenYamlText(file, inner);
    return { file, label: `${label} (${embedded})`, format: embedded === 'flink-conf.yaml' ? 'legacy-flink-conf' : 'flink-config', flinkVersion: assumed, config, onKubernetes: true };
  }
  if (kind !== undefined) return undefined; // some other Kubernetes resource in the same file
  if ('flinkVersion' in doc && ('retention' in doc || 'highAvailability' in doc)) return harnessSpec(file, doc, assumed);
  return { file, label, format: 'flink-config', flinkVersion: assumed, config: flatten(doc), onKubernetes: false };
}

/** The harness's own settings are judged as the Flink configuration the platforms would deploy. */
function harnessSpec(file: string, doc: Yaml, assumed: string | undefined): DoctorDocument {
  const { strategy, ...fields } = doc;
  const spec = defaultSpec(fields as Partial<DeploymentSpec>);
  const paths = { bucket: 'flink', checkpoints: 's3://flink/checkpoints', savepoints: 's3://flink/savepoints', ha: 's3://flink/ha', output: 's3://flink/output', control: 's3://flink/control' };
  const topology = { clusterId: spec.name, jobManagerHost: 'jobmanager', s3Endpoint: 'http://minio:9000', s3AccessKey: 'minio', s3SecretKey: 'minio', zookeeperQuorum: 'zookeeper:2181' };
  return {
    file, label: `${basename(file)} (${spec.name})`, format: 'harness-spec', flinkVersion: assumed ?? majorMinor(spec.flinkVersion),
    config: flinkConfiguration(spec, paths, topology),
    restore: { path: 'strategy', value: typeof strategy === 'string' ? strategy : undefined },
    onKubernetes: spec.highAvailability === 'kubernetes',
  };
}

function parseLegacyLines(text: string): Record<string, string> {
  const config: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    config[line.slice(0, colon).trim()] = unquote(line.slice(colon + 1).trim());
  }
  return config;
}

function flattenYamlText(file: string, text: string): Record<string, string> {
  const docs = parseAllDocuments(text);
  const first = docs[0];
  if (!first || first.errors.length > 0) throw new UnreadableInputError(`${file}: embedded config.yaml is not valid YAML`);
  const value: unknown = first.toJS();
  return isMap(value) ? flatten(value) : {};
}

/** Standard YAML may nest (execution: {checkpointing: {interval: 10s}}) or use flat dotted keys. */
export function flatten(value: Yaml, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isMap(inner)) Object.assign(flat, flatten(inner, path));
    else if (Array.isArray(inner)) flat[path] = inner.map(String).join(';');
    else if (inner !== null && inner !== undefined) flat[path] = String(inner);
  }
  return flat;
}

/** "v1_20" → "1.20", the Operator's FlinkVersion enum. */
function operatorVersion(value: string): string | undefined {
  const match = /^v(\d+)_(\d+)$/.exec(value);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

export function majorMinor(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

function isMap(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapAt(value: Yaml, key: string): Yaml {
  const inner = value[key];
  return isMap(inner) ? inner : {};
}

function stringAt(value: Yaml, key: string): string | undefined {
  const inner = value[key];
  return typeof inner === 'string' ? inner : undefined;
}
