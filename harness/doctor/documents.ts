// Reads what users already have — a Flink config.yaml or legacy flink-conf.yaml, a Flink Kubernetes
// Operator FlinkDeployment, a Ververica Platform Deployment (or the community VpDeployment CRD), Kubernetes
// manifests (ConfigMaps with the Deployments/StatefulSets/pods that mount them), or the harness's own
// deployment settings — into one shape the rules can judge. All files of one run form one document set:
// a ConfigMap is judged as what runs in the workloads that mount it, with the Flink version of their image.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { flinkConfiguration } from '../platforms/flink-config.ts';
import { defaultSpec, type DeploymentSpec } from '../platforms/deployment-spec.ts';
import type { Finding } from './rules.ts';

export type DocumentFormat = 'flink-config' | 'legacy-flink-conf' | 'flink-deployment' | 'vvp-deployment' | 'harness-spec' | 'kubernetes-workload' | 'docker-compose';

export const FORMAT_NAMES: Record<DocumentFormat, string> = {
  'flink-config': 'Flink config.yaml',
  'legacy-flink-conf': 'legacy flink-conf.yaml',
  'flink-deployment': 'Flink Kubernetes Operator FlinkDeployment',
  'vvp-deployment': 'Ververica Platform Deployment',
  'harness-spec': 'harness deployment settings',
  'kubernetes-workload': 'Kubernetes workload running Flink',
  'docker-compose': 'Docker Compose service running Flink',
};

/** The platform-level setting that decides which state a resumed job starts from. */
export interface RestoreSetting {
  /** Where the setting lives, e.g. `spec.restoreStrategy.kind`. */
  path: string;
  /** Its value, undefined when not set (the platform's default applies). */
  value?: string;
}

/** Settings a platform fills in when the file leaves them out. */
export type ProvidedSetting = 'retention' | 'checkpointDir' | 'savepointDir' | 'haDir' | 'clusterId';

export interface DoctorDocument {
  file: string;
  /** Names the document inside its file, e.g. `FlinkDeployment orders`. */
  label: string;
  format: DocumentFormat;
  /** major.minor when known, e.g. "2.1" or "1.20". */
  flinkVersion?: string;
  /** Where the version came from (`spec.flinkVersion`, `image flink:1.18`, `--flink`). */
  versionSource?: string;
  /** Known only as "older than this" (e.g. "1.10": keys of a pre-1.10 flink-conf.yaml). */
  versionBefore?: string;
  /** Flat Flink configuration: nested YAML maps are joined with dots. */
  config: Record<string, string>;
  restore?: RestoreSetting;
  /** Where the job runs on Kubernetes (Flink's Kubernetes HA applies there). */
  onKubernetes: boolean;
  /** Plain Flink pods on Kubernetes (no Operator, no Ververica Platform): nothing fills in kubernetes.cluster-id. */
  standaloneKubernetes?: boolean;
  /** A session cluster: jobs (and their upgrade mode) come later. */
  session?: boolean;
  /** Settings a platform supplies when the file does not: setting → platform name. */
  provided?: Partial<Record<ProvidedSetting, string>>;
  /** Part of the configuration comes from a template this file does not contain: absent settings cannot be judged. */
  partial?: string;
  /** Mount paths of shared volumes (PersistentVolumeClaim, NFS, CephFS ...) in the pods: a file path under one is shared storage. */
  sharedPaths?: string[];
  /** Findings made while reading (an invalid version, a ConfigMap nothing mounts, a file Flink ignores). */
  notes?: Finding[];
  /**
   * A restore path the JobManager's command line pins (`standalone-job --fromSavepoint PATH`, `flink run
   * -s PATH`): Flink writes it over the configuration's recovery path at every start.
   */
  recoveryFlag?: { setting: string; value: string };
}

/** A file that cannot be read or holds nothing the doctor understands. */
export class UnreadableInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableInputError';
  }
}

type Yaml = Record<string, unknown>;

/** One parsed YAML object with where it came from. */
export interface SourceObject {
  file: string;
  value: Yaml;
  /** A whole file in the legacy "key: value" format. */
  legacyText?: string;
}

export const OPERATOR = 'the Flink Kubernetes Operator';
export const VVP = 'Ververica Platform (universal blob storage)';
const HELM_MARK = 'FRH_UNRESOLVED_TEMPLATE';
const HELM_BLOCK_KEY = '__frh_template_block__';

export function readDocuments(file: string, options: { flinkVersion?: string } = {}): DoctorDocument[] {
  return interpretObjects(readSourceObjects(file), options);
}

export function readSourceObjects(file: string): SourceObject[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadableInputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : code ?? (error as Error).message})`);
  }
  return sourceObjects(file, text);
}

export function parseDocuments(file: string, text: string, options: { flinkVersion?: string } = {}): DoctorDocument[] {
  return interpretObjects(sourceObjects(file, text), options);
}

/** A legacy flink-conf.yaml by name (flink-conf.yaml, flink-conf-prod.yaml, flink-conf.yml.j2 ...). */
export function isLegacyName(name: string): boolean {
  return /flink-conf/i.test(basename(name));
}

export function sourceObjects(file: string, text: string): SourceObject[] {
  // flink-conf.yaml is not YAML but "key: value" lines (values such as -XX:+Foo are taken literally).
  if (isLegacyName(file) && !/^\s*(apiVersion|kind)\s*:/m.test(text)) return [{ file, value: {}, legacyText: text }];
  const templated = resolveTemplates(text);
  // merge: `<<: *anchor`, as docker compose files share environment blocks.
  const parsed = parseAllDocuments(templated, { merge: true });
  const objects: SourceObject[] = [];
  for (const [index, doc] of parsed.entries()) {
    if (doc.errors.length > 0) {
      // A legacy file under another name: "key: value" lines that YAML rejects (e.g. "a: b: c").
      if (looksLikeLegacyLines(text)) return [{ file, value: {}, legacyText: text }];
      throw new UnreadableInputError(`${file}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]!.replace(/:$/, '')})`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isMap(value)) throw new UnreadableInputError(`${file}: document ${index + 1} is not a map of settings`);
    if (value.kind === 'List' && Array.isArray(value.items)) objects.push(...value.items.filter(isMap).map((item) => ({ file, value: item })));
    else objects.push({ file, value });
  }
  return objects;
}

/**
 * Helm/Jinja templates: control lines ({{- if }}, {% for %}) are dropped, a line that is only an expression
 * (an inserted block) becomes a marker key, inline expressions become a placeholder token. Neither is judged.
 */
function resolveTemplates(source: string): string {
  // Token-replacement placeholders YAML cannot hold unquoted: `key: @maven.property@` (@ is reserved) and
  // `key: #{Token}#` (a comment): quoted, so they stay values and read as unresolved.
  const text = source.replace(/^(\s*(?:- )?[^\s#][^:\n]*:[ \t]+)((?:#\{[^}\n]*\}#?|@[A-Za-z_][\w.-]*@)[^\n#]*?)[ \t]*$/gm, (_line, head: string, value: string) => `${head}"${value}"`);
  if (!/\{\{|\{%|^\s*<\/?#/m.test(text)) return text;
  return text.split('\n').flatMap((line) => {
    const trimmed = line.trim();
    // A FreeMarker directive alone on its line (`<#if database??>`, `</#if>`): both branches are read, as for Helm's.
    if (/^<\/?#[a-z]/.test(trimmed) && />$/.test(trimmed)) return [];
    if (/^\{%-?.*-?%\}$/.test(trimmed) || /^\{\{-?\s*(if|else|end|range|with|define|template|\/\*|-?\s*\$)/.test(trimmed) && /\}\}$/.test(trimmed) && !/:/.test(trimmed.replace(/\{\{.*?\}\}/g, ''))) return [];
    if (/^\{\{.*\}\}$/.test(trimmed)) return [`${line.slice(0, line.indexOf('{{'))}${HELM_BLOCK_KEY}: x`];
    return [line.replace(/\{\{.*?\}\}|\{%.*?%\}/g, HELM_MARK)];
  }).join('\n');
}

function looksLikeLegacyLines(text: string): boolean {
  const lines = text.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  return lines.length > 0 && lines.every((line) => /^[A-Za-z0-9_.-]+\s*:(\s|$)/.test(line)) && lines.some((line) => isFlinkKey(line.split(':')[0]!.trim()));
}

/**
 * Ways a value is left to be filled in later, anywhere in it: `${VAR}` / `$VAR` (shell, envsubst, docker compose),
 * `$(VAR)` (Kubernetes), `{{ … }}` / `{% … %}` (Helm, Jinja), `#{VAR}` (Octopus, Azure DevOps token replacement),
 * `@VAR@` (Maven/Gradle filtering), `__VAR__`, `<bucket>`, and tokens named …_PLACEHOLDER, REPLACE_ME, CHANGE_ME.
 */
const PLACEHOLDER_PATTERNS = [
  /\$\{[^}]*\}/, /\$\([A-Za-z_][A-Za-z0-9_]*\)/, /\$[A-Za-z_][A-Za-z0-9_]*/, /\{\{.*\}\}/, /\{%.*%\}/, /#\{[^}]+\}/, /@[A-Za-z_][A-Za-z0-9_.-]*@/,
  /__[A-Za-z][A-Za-z0-9_]*__/, /<[A-Za-z][^<>]*>/, /^%\{?[A-Za-z_]+\}?%?$/, /placeholder/i, /\b(REPLACE|CHANGE)[_-]?ME\b/i,
];

/** A value the file does not state: a placeholder to be filled in by a template, the shell or a CI system. */
export function isPlaceholder(value: string): boolean {
  const text = value.trim();
  return text.includes(HELM_MARK) || PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(text));
}

/** Interprets every object of every file as one document set. */
export function interpretObjects(objects: SourceObject[], options: { flinkVersion?: string } = {}): DoctorDocument[] {
  const assumed = options.flinkVersion ? majorMinor(options.flinkVersion) : undefined;
  const documents: DoctorDocument[] = [];
  const configMaps: Array<{ source: SourceObject; name: string; entries: ConfigEntry[] }> = [];
  const workloads: Workload[] = [];
  // Images tell the version only to documents of the same file: files given together may be for different clusters.
  const imagesOf = (file: string) => imageVersion(objects.filter((object) => object.file === file).flatMap((object) => flinkImages(object.value)));
  const sessionClusters = new Map<string, Record<string, string>>();
  for (const object of objects) {
    const spec = mapAt(object.value, 'spec');
    if (object.value.kind === 'FlinkDeployment' && !isMap(spec.job) && isMap(object.value.metadata) && typeof object.value.metadata.name === 'string') {
      sessionClusters.set(object.value.metadata.name, withoutMarker(flatten(mapAt(spec, 'flinkConfiguration'))));
    }
  }

  for (const object of objects) {
    if (object.legacyText !== undefined) {
      const config = parseLegacyLines(object.legacyText);
      const doc: DoctorDocument = { file: object.file, label: basename(object.file), format: 'legacy-flink-conf', config, onKubernetes: false };
      documents.push(withVersion(doc, assumed, undefined, config));
      continue;
    }
    const doc = object.value;
    const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
    const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
    const name = isMap(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : undefined;
    const label = kind ? `${kind}${name ? ` ${name}` : ''}` : basename(object.file);
    // Snippets copied from documentation often leave apiVersion out; the kind alone is the Operator's.
    const operatorApi = apiVersion === '' || apiVersion.startsWith('flink.apache.org/');
    if (kind === 'FlinkDeployment' && operatorApi) documents.push(flinkDeployment(object.file, label, doc, assumed));
    else if (kind === 'FlinkSessionJob' && operatorApi) documents.push(flinkSessionJob(object.file, label, doc, assumed, sessionClusters));
    else if ((kind === 'Deployment' && (apiVersion === 'v1' || (apiVersion === '' && isVvpBody(doc))) && isMap(doc.spec)) || kind === 'VpDeployment' || (kind === undefined && isVvpBody(doc))) {
      documents.push(vvpDeployment(object.file, kind ? label : `${basename(object.file)} (Ververica Platform Deployment${name ? ` ${name}` : ''})`, doc, assumed));
    } else if (kind === 'ConfigMap') {
      const entries = configEntries(object.file, doc);
      if (entries.length > 0) configMaps.push({ source: object, name: name ?? '', entries });
    } else if (kind !== undefined && ['Deployment', 'StatefulSet', 'Pod', 'Job', 'DaemonSet', 'ReplicaSet'].includes(kind)) {
      const workload = readWorkload(object.file, label, doc);
      if (workload) workloads.push(workload);
    } else if (kind === undefined) {
      if ('flinkVersion' in doc && ('retention' in doc || 'highAvailability' in doc)) {
        documents.push(harnessSpec(object.file, doc, assumed));
        continue;
      }
      if (isComposeFile(doc)) {
        documents.push(...composeDocuments(object.file, doc, assumed));
        continue;
      }
      const fragment = operatorSpecFragment(doc);
      if (fragment) {
        const fragmentLabel = `${basename(object.file)} (${fragment.kind} spec without kind)`;
        documents.push(fragment.kind === 'FlinkSessionJob'
          ? flinkSessionJob(object.file, fragmentLabel, fragment.doc, assumed, sessionClusters)
          : flinkDeployment(object.file, fragmentLabel, fragment.doc, assumed));
        continue;
      }
      refuseUnknownShape(object.file, doc);
      const flat = flatten(doc);
      const config = HELM_BLOCK_KEY in flat ? withoutMarker(flat) : flat;
      const read: DoctorDocument = { file: object.file, label, format: 'flink-config', config, onKubernetes: false, ...(HELM_BLOCK_KEY in flat ? { partial: 'a template block' } : {}) };
      documents.push(withVersion(read, assumed, imagesOf(object.file), config));
    }
  }

  // Kubernetes manifests: judge what runs, i.e. each ConfigMap as mounted by its workloads.
  const flinkWorkloads = workloads.filter((workload) => workload.flink);
  const jobManagers = flinkWorkloads.filter((workload) => workload.jobManager);
  const judged = jobManagers.length > 0 ? jobManagers : flinkWorkloads;
  const mountedNames = new Set(workloads.flatMap((workload) => workload.configMaps));
  for (const { source, name, entries } of configMaps) {
    const runners = judged.filter((workload) => workload.configMaps.includes(name));
    if (runners.length === 0) {
      const doc = configMapDocument(source.file, `ConfigMap ${name}`, entries, undefined, assumed, imagesOf(source.file));
      if (workloads.length > 0 && !mountedNames.has(name)) {
        doc.notes = [...doc.notes ?? [], {
          rule: 'configmap-not-mounted', severity: 'warning', setting: `ConfigMap ${name}`,
          message: `no Deployment, StatefulSet or pod among the manifests mounts ConfigMap ${name}: its settings reach no Flink process, which runs with whatever else it is given (${workloads.map((workload) => workload.label).join(', ')})`,
          fix: `mount it into the Flink containers at /opt/flink/conf (volumes[].configMap.name: ${name}), or remove it`,
        }];
      }
      documents.push(doc);
      continue;
    }
    for (const runner of runners) documents.push(configMapDocument(source.file, `ConfigMap ${name} as run by ${runner.label}`, entries, runner, assumed, imagesOf(source.file)));
  }
  const configMapNames = new Set(configMaps.map((entry) => entry.name));
  for (const workload of judged) {
    if (workload.configMaps.some((mounted) => configMapNames.has(mounted))) continue;
    const hasProperties = Object.keys(workload.properties).length > 0;
    // It mounts ConfigMaps this set does not contain: its configuration is elsewhere, so only FLINK_PROPERTIES/-D can be judged.
    const mountsUnknown = workload.configMaps.length > 0;
    if (mountsUnknown && !hasProperties) continue;
    const version = assumed ? { version: assumed, source: '--flink' } : workload.version;
    documents.push({
      file: workload.file,
      label: `${workload.label} (${hasProperties ? workload.propertiesSource : 'no Flink configuration mounted: Flink defaults'})`,
      format: 'kubernetes-workload', flinkVersion: version?.version, versionSource: version?.source,
      config: workload.properties, onKubernetes: true, standaloneKubernetes: true, sharedPaths: workload.sharedPaths,
      ...(mountsUnknown ? { partial: `ConfigMap ${workload.configMaps.join(', ')} (not among the files given)` } : {}),
      ...(workload.recoveryFlag ? { recoveryFlag: workload.recoveryFlag } : {}),
    });
  }
  if (documents.length === 0) {
    const files = [...new Set(objects.map((object) => object.file))].join(', ') || 'the input';
    throw new UnreadableInputError(`${files}: found no Flink configuration, FlinkDeployment, Ververica Platform Deployment, Flink ConfigMap or harness deployment settings`);
  }
  return documents;
}

interface ConfigEntry { key: string; legacy: boolean; config: Record<string, string>; partial: boolean }

interface Workload {
  file: string;
  label: string;
  flink: boolean;
  jobManager: boolean;
  configMaps: string[];
  properties: Record<string, string>;
  propertiesSource?: string;
  version?: { version: string; source: string };
  sharedPaths: string[];
  recoveryFlag?: { setting: string; value: string };
}

function configEntries(file: string, doc: Yaml): ConfigEntry[] {
  if (!isMap(doc.data)) return [];
  const entries: ConfigEntry[] = [];
  for (const [key, value] of Object.entries(doc.data)) {
    if (typeof value !== 'string') continue;
    // The Flink Kubernetes Operator's own configuration (kubernetes.operator.*) is not a job's configuration.
    const keys = Object.keys(parseLegacyLines(value));
    if (keys.length > 0 && keys.filter((name) => name.startsWith('kubernetes.operator.')).length * 2 >= keys.length) continue;
    if (isLegacyName(key)) entries.push({ key, legacy: true, config: parseLegacyLines(value), partial: value.includes(HELM_BLOCK_KEY) });
    else if (/^config\.ya?ml$/i.test(key)) {
      const flat = flattenYamlText(file, value);
      entries.push({ key, legacy: false, config: withoutMarker(flat), partial: HELM_BLOCK_KEY in flat || value.includes(HELM_BLOCK_KEY) });
    }
  }
  return entries;
}

/** The configuration a ConfigMap gives the Flink that mounts it (or, mounted by nothing known, its own). */
function configMapDocument(file: string, label: string, entries: ConfigEntry[], runner: Workload | undefined, assumed: string | undefined, setVersion: { version: string; source: string } | undefined): DoctorDocument {
  const version = assumed ? { version: assumed, source: '--flink' } : runner?.version ?? setVersion;
  const flinkMajor = version ? Number.parseInt(version.version, 10) : undefined;
  const modern = entries.find((entry) => !entry.legacy);
  const legacy = entries.find((entry) => entry.legacy);
  // Flink 2.x reads only config.yaml; 1.19/1.20 prefer config.yaml when both exist; older ones read only flink-conf.yaml.
  const minor = version ? Number.parseInt(version.version.split('.')[1] ?? '0', 10) : undefined;
  const readsModern = flinkMajor !== undefined && (flinkMajor >= 2 || (flinkMajor === 1 && (minor ?? 0) >= 19));
  let chosen: ConfigEntry | undefined = readsModern ? modern ?? (flinkMajor! >= 2 ? undefined : legacy) : flinkMajor === undefined ? modern ?? legacy : legacy ?? undefined;
  const notes: Finding[] = [];
  if (flinkMajor !== undefined && flinkMajor >= 2 && !modern && legacy) {
    chosen = undefined;
    notes.push({
      rule: 'legacy-config-file', severity: 'error', setting: legacy.key,
      message: `Flink ${version!.version} (${version!.source}) no longer reads ${legacy.key}: every setting in it is ignored, and what runs is judged below with Flink's defaults${runner && Object.keys(runner.properties).length > 0 ? ` plus ${runner.propertiesSource}` : ''}`,
      fix: `rename the ConfigMap key to config.yaml (standard YAML; bin/migrate-config-file.sh converts it)`,
    });
  } else if (flinkMajor !== undefined && flinkMajor < 2 && (minor ?? 0) < 19 && modern && !legacy) {
    chosen = undefined;
    notes.push({
      rule: 'legacy-config-file', severity: 'error', setting: modern.key,
      message: `Flink ${version!.version} (${version!.source}) reads only flink-conf.yaml, not ${modern.key}: every setting in it is ignored, and what runs is judged below with Flink's defaults`,
      fix: 'name the ConfigMap key flink-conf.yaml for Flink before 1.19',
    });
  }
  const config = { ...(chosen?.config ?? {}), ...(runner?.properties ?? {}) };
  const format: DocumentFormat = chosen?.legacy || (!chosen && legacy && !modern) ? 'legacy-flink-conf' : 'flink-config';
  const doc: DoctorDocument = {
    file, label: `${label} (${chosen?.key ?? (legacy ?? modern)!.key})`, format, config, onKubernetes: true, standaloneKubernetes: true, sharedPaths: runner?.sharedPaths ?? [],
    ...(version ? { flinkVersion: version.version, versionSource: version.source } : {}),
    ...(chosen?.partial ? { partial: 'a template block' } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    ...(runner?.recoveryFlag ? { recoveryFlag: runner.recoveryFlag } : {}),
  };
  if (!version) return withVersion(doc, undefined, undefined, config);
  return doc;
}

function readWorkload(file: string, label: string, doc: Yaml): Workload | undefined {
  const spec = mapAt(doc, 'spec');
  const podSpec = doc.kind === 'Pod' ? spec : mapAt(mapAt(spec, 'template'), 'spec');
  const mainContainers = arrayAt(podSpec, 'containers').filter(isMap);
  const volumes = arrayAt(podSpec, 'volumes').filter(isMap);
  const configMaps = volumes.flatMap((volume) => [
    ...(isMap(volume.configMap) && typeof volume.configMap.name === 'string' ? [volume.configMap.name] : []),
    ...(isMap(volume.projected) ? arrayAt(volume.projected, 'sources').filter(isMap).flatMap((source) => (isMap(source.configMap) && typeof source.configMap.name === 'string' ? [source.configMap.name] : [])) : []),
  ]);
  const words = mainContainers.flatMap((container) => [...arrayAt(container, 'command'), ...arrayAt(container, 'args')].map(String));
  const imageRefs = mainContainers.map((container) => (typeof container.image === 'string' ? container.image : '')).filter(Boolean);
  const flinkImage = imageRefs.find((image) => flinkImageVersion(image) !== undefined || /(^|\/)flink(:|@|$)/.test(image));
  const flink = flinkImage !== undefined || words.some((word) => FLINK_PROCESS_WORD.test(word));
  if (!flink) return undefined;
  const jobManager = words.some((word) => JOB_MANAGER_WORD.test(word)) || JOB_MANAGER_NAME.test(label);
  const flinkProperties = mainContainers.flatMap((container) => arrayAt(container, 'env').filter(isMap)).filter((env) => env.name === 'FLINK_PROPERTIES' && typeof env.value === 'string').map((env) => env.value as string);
  const { properties, sources } = containerProperties(flinkProperties, words);
  const recoveryFlag = recoveryPathFlag(words);
  const versionImage = imageRefs.map((image) => ({ image, version: flinkImageVersion(image) })).find((entry) => entry.version);
  return {
    file, label, flink, jobManager, configMaps, properties, sharedPaths: sharedMountPaths(podSpec),
    ...(sources.length > 0 ? { propertiesSource: sources.join(' and ') } : {}),
    ...(versionImage ? { version: { version: versionImage.version!, source: `image ${versionImage.image}` } } : {}),
    ...(recoveryFlag ? { recoveryFlag } : {}),
  };
}

/** A docker compose file: top-level services, at least one of them a map (compose's version: and x- keys aside). */
function isComposeFile(doc: Yaml): boolean {
  return isMap(doc.services) && Object.values(doc.services).some(isMap) && Object.keys(doc).every((key) => ['services', 'volumes', 'networks', 'configs', 'secrets', 'version', 'name', 'include'].includes(key) || key.startsWith('x-'));
}

interface ComposeService { name: string; words: string[]; image?: string; properties: Record<string, string>; sources: string[]; mounts: string[]; confMount?: string; envFiles: string[]; recoveryFlag?: { setting: string; value: string } }

/** `${VAR:-default}` in an image tag: compose uses the default when VAR is unset, so the version it names is the likely one. */
function composeDefault(text: string): string {
  return text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g, '$1');
}

function composeService(name: string, service: Yaml): ComposeService {
  const command = service.command;
  const words = [...(typeof service.entrypoint === 'string' ? service.entrypoint.split(/\s+/) : arrayAt(service, 'entrypoint').map(String)), ...(typeof command === 'string' ? command.trim().split(/\s+/) : Array.isArray(command) ? command.map(String) : [])];
  const environment: Array<[string, string]> = isMap(service.environment)
    ? Object.entries(service.environment).map(([key, value]) => [key, value === null || value === undefined ? '' : String(value)])
    : arrayAt(service, 'environment').map(String).map((entry) => [entry.split('=')[0]!, entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : '']);
  // Compose lists write "FLINK_PROPERTIES=a: b\nc: d" on one line with literal \n when quoted; both forms are lines.
  const { properties, sources } = containerProperties(environment.filter(([key]) => key === 'FLINK_PROPERTIES').map(([, value]) => value.replace(/\\n/g, '\n')), words);
  const mounts: string[] = [];
  let confMount: string | undefined;
  for (const volume of arrayAt(service, 'volumes')) {
    const [source, target] = typeof volume === 'string' ? [volume.split(':')[0], volume.split(':')[1]] : isMap(volume) ? [stringAt(volume, 'source'), stringAt(volume, 'target')] : [];
    // A tmpfs mount dies with the container like its own filesystem.
    if (!target || (isMap(volume) && volume.type === 'tmpfs')) continue;
    if (/^\/opt\/flink\/conf(\/|$)/.test(target)) confMount = source ?? target;
    else mounts.push(target.replace(/\/+$/, ''));
  }
  const envFile = service.env_file;
  const envFiles = (typeof envFile === 'string' ? [envFile] : Array.isArray(envFile) ? envFile : []).map((entry) => (isMap(entry) && typeof entry.path === 'string' ? entry.path : String(entry)));
  const recoveryFlag = recoveryPathFlag(words);
  return { name, words, ...(typeof service.image === 'string' ? { image: service.image } : {}), properties, sources, mounts, ...(confMount ? { confMount } : {}), envFiles, ...(recoveryFlag ? { recoveryFlag } : {}) };
}

/**
 * A docker compose file running Flink (Flink's docker docs: FLINK_PROPERTIES per service): each JobManager service
 * is judged with its FLINK_PROPERTIES and -D arguments. Volumes mounted into every Flink service survive a
 * container's replacement on that host, so a file:// path under one counts as shared.
 */
function composeDocuments(file: string, doc: Yaml, assumed: string | undefined): DoctorDocument[] {
  const services = Object.entries(mapAt(doc, 'services')).filter(([, service]) => isMap(service)).map(([name, service]) => composeService(name, service as Yaml));
  const flink = services.filter((service) => (service.image && (flinkImageVersion(composeDefault(service.image)) !== undefined || /(^|\/)flink(:|@|$)/.test(service.image))) || service.words.some((word) => FLINK_PROCESS_WORD.test(word)));
  if (flink.length === 0) throw new UnreadableInputError(`${file}: a docker compose file without a Flink service (no flink image, no jobmanager/taskmanager command): nothing to judge`);
  const jobManagers = flink.filter((service) => service.words.some((word) => JOB_MANAGER_WORD.test(word)) || JOB_MANAGER_NAME.test(service.name));
  const shared = flink.reduce<string[]>((paths, service, index) => (index === 0 ? service.mounts : paths.filter((path) => service.mounts.includes(path))), []);
  return (jobManagers.length > 0 ? jobManagers : flink).map((service) => {
    const image = service.image ? composeDefault(service.image) : undefined;
    const fromImage = image ? flinkImageVersion(image) : undefined;
    const version = assumed ? { version: assumed, source: '--flink' } : fromImage ? { version: fromImage, source: `image ${service.image}` } : undefined;
    const has = service.sources.length > 0;
    return {
      file, label: `service ${service.name} (${has ? service.sources.join(' and ') : service.confMount ? `configuration mounted from ${service.confMount}` : service.envFiles.length > 0 ? `environment from ${service.envFiles.join(', ')}` : 'no FLINK_PROPERTIES: Flink defaults'})`,
      format: 'docker-compose', flinkVersion: version?.version, versionSource: version?.source,
      config: service.properties, onKubernetes: false, sharedPaths: shared,
      ...(service.recoveryFlag ? { recoveryFlag: service.recoveryFlag } : {}),
      // FLINK_PROPERTIES may come from an env_file the doctor is not given: then absent settings cannot be judged.
      ...(service.confMount ? { partial: `${service.confMount} (mounted at /opt/flink/conf; pass it too to judge it)` } : !has && service.envFiles.length > 0 ? { partial: `env_file ${service.envFiles.join(', ')} (FLINK_PROPERTIES may be set there)` } : {}),
    } satisfies DoctorDocument;
  });
}

/** What Flink's docker entrypoint adds to the configuration of a container: FLINK_PROPERTIES lines and -D arguments. */
function containerProperties(flinkProperties: string[], words: string[]): { properties: Record<string, string>; sources: string[] } {
  const properties: Record<string, string> = {};
  const sources: string[] = [];
  for (const value of flinkProperties) {
    Object.assign(properties, parseLegacyLines(value));
    sources.push('FLINK_PROPERTIES');
  }
  for (const [index, word] of words.entries()) {
    const dynamic = /^-D([^=\s]+)=(.*)$/.exec(word) ?? (word === '-D' ? /^([^=\s]+)=(.*)$/.exec(words[index + 1] ?? '') : null);
    if (dynamic) {
      properties[dynamic[1]!] = unquote(dynamic[2]!);
      if (!sources.includes('-D arguments')) sources.push('-D arguments');
    }
  }
  return { properties, sources };
}

/**
 * The restore path a command line pins: `--fromSavepoint PATH` (or `=PATH`) of Flink's standalone-job
 * entry point and of `flink run`, and their short `-s PATH` where one of those commands runs. Words
 * are split on spaces too: a shell command (`sh -c "… standalone-job --fromSavepoint …"`) is one word.
 */
export function recoveryPathFlag(words: readonly string[]): { setting: string; value: string } | undefined {
  const split = words.flatMap((word) => word.split(/\s+/)).filter((word) => word !== '');
  const takesShort = split.some((word) => /(^|\/)(standalone-job(\.sh)?|flink)$/.test(word) || word === 'run' || word === 'run-application');
  for (const [index, word] of split.entries()) {
    const joined = /^--fromSavepoint=(.+)$/.exec(word);
    if (joined) return { setting: '--fromSavepoint', value: unquote(joined[1]!) };
    const next = split[index + 1];
    if ((word === '--fromSavepoint' || (word === '-s' && takesShort)) && next !== undefined && !next.startsWith('-')) return { setting: word, value: unquote(next) };
  }
  return undefined;
}

/** Container command words that start a Flink process, and those that start a JobManager. */
const FLINK_PROCESS_WORD = /^(jobmanager|taskmanager|standalone-job)$|(jobmanager|taskmanager)\.sh/;
const JOB_MANAGER_WORD = /^(jobmanager|standalone-job)$|jobmanager\.sh|standalone-job\.sh/;
const JOB_MANAGER_NAME = /jobmanager|job-manager|\bjm\b/i;

const SHARED_VOLUME_TYPES = ['persistentVolumeClaim', 'nfs', 'cephfs', 'glusterfs', 'azureFile', 'csi', 'quobyte', 'portworxVolume'];

/** Mount paths of shared volumes anywhere in a pod-carrying object (pod specs, pod templates of a FlinkDeployment). */
export function sharedMountPaths(value: unknown): string[] {
  const shared = new Set<string>();
  const mounts: Array<{ name: string; path: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isMap(node)) {
      for (const volume of arrayAt(node, 'volumes').filter(isMap)) {
        if (typeof volume.name === 'string' && SHARED_VOLUME_TYPES.some((type) => isMap(volume[type]))) shared.add(volume.name);
      }
      for (const mount of arrayAt(node, 'volumeMounts').filter(isMap)) {
        if (typeof mount.name === 'string' && typeof mount.mountPath === 'string') mounts.push({ name: mount.name, path: mount.mountPath });
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(value);
  return [...new Set(mounts.filter((mount) => shared.has(mount.name)).map((mount) => mount.path.replace(/\/+$/, '')))];
}

function flinkDeployment(file: string, label: string, doc: Yaml, assumed: string | undefined): DoctorDocument {
  const spec = mapAt(doc, 'spec');
  const job = isMap(spec.job) ? spec.job : undefined;
  const notes: Finding[] = [];
  let version: { version: string; source: string } | undefined;
  const raw = spec.flinkVersion;
  if (raw !== undefined && raw !== null) {
    const text = String(raw);
    const strict = /^v(\d+)_(\d+)$/.exec(text);
    if (strict) {
      version = { version: `${strict[1]}.${strict[2]}`, source: 'spec.flinkVersion' };
      const note = operatorAccepts(text);
      if (note) notes.push(note);
    } else if (!isPlaceholder(text)) {
      const loose = lenientVersion(text);
      if (loose) version = { version: loose, source: `spec.flinkVersion ${text}` };
      const value = loose ? `v${loose.replace('.', '_')}` : undefined;
      const accepted = value ? OPERATOR_FLINK_VERSIONS[value] : undefined;
      notes.push({
        rule: 'flink-version-invalid', severity: 'error', setting: 'spec.flinkVersion',
        message: `spec.flinkVersion is "${text}", not one of the Operator's values (${operatorValues()}): the Operator rejects the FlinkDeployment and nothing is deployed`,
        fix: `write ${value ? `${value}${accepted ? ` (accepted from Operator ${accepted.from}${accepted.refusedFrom ? ` to ${previousOperator(accepted.refusedFrom)}` : ''})` : ''}` : 'the version as v<major>_<minor>, e.g. v1_20'}`,
      });
    }
  }
  if (!version && typeof spec.image === 'string') {
    const fromImage = flinkImageVersion(spec.image);
    if (fromImage) version = { version: fromImage, source: `image ${spec.image}` };
  }
  if (assumed) version = { version: assumed, source: '--flink' };
  const flat = flatten(mapAt(spec, 'flinkConfiguration'));
  return {
    file, label, format: 'flink-deployment', flinkVersion: version?.version, versionSource: version?.source,
    config: withoutMarker(flat), onKubernetes: true, sharedPaths: sharedMountPaths(spec),
    ...(job ? { restore: { path: 'spec.job.upgradeMode', value: stringAt(job, 'upgradeMode') } } : { session: true }),
    // FlinkConfigBuilder: RETAIN_ON_CANCELLATION unless set, for every deployment with a job; the cluster-id is the resource name.
    provided: { ...(job ? { retention: OPERATOR } : {}), clusterId: OPERATOR },
    ...(HELM_BLOCK_KEY in flat ? { partial: 'a template block' } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * A FlinkSessionJob: its upgradeMode and its own flinkConfiguration over the session cluster's (when that
 * FlinkDeployment is in the set); what the session cluster sets elsewhere cannot be judged from here.
 */
function flinkSessionJob(file: string, label: string, doc: Yaml, assumed: string | undefined, sessionClusters: Map<string, Record<string, string>>): DoctorDocument {
  const spec = mapAt(doc, 'spec');
  const job = mapAt(spec, 'job');
  const clusterName = stringAt(spec, 'deploymentName');
  const cluster = clusterName !== undefined ? sessionClusters.get(clusterName) : undefined;
  const flat = flatten(mapAt(spec, 'flinkConfiguration'));
  return {
    file, label, format: 'flink-deployment', ...(assumed ? { flinkVersion: assumed, versionSource: '--flink' } : {}),
    config: { ...(cluster ?? {}), ...withoutMarker(flat) }, onKubernetes: true,
    restore: { path: 'spec.job.upgradeMode', value: stringAt(job, 'upgradeMode') },
    provided: { retention: OPERATOR, clusterId: OPERATOR },
    ...(cluster ? {} : { partial: `the session cluster's FlinkDeployment${clusterName ? ` ${clusterName}` : ''} (not among the files given)` }),
  };
}

/** A Ververica Platform Deployment: `kind: Deployment` (apiVersion v1), a body without kind, or the community VpDeployment CRD. */
function vvpDeployment(file: string, label: string, doc: Yaml, assumed: string | undefined): DoctorDocument {
  const outer = mapAt(doc, 'spec');
  // fintechstudios/ververica-platform-k8s-operator's VpDeployment nests the VVP Deployment spec under spec.spec.
  const spec = doc.kind === 'VpDeployment' && isMap(outer.spec) ? outer.spec : outer;
  const template = mapAt(mapAt(spec, 'template'), 'spec');
  const artifact = mapAt(template, 'artifact');
  const notes: Finding[] = [];
  let version: { version: string; source: string } | undefined;
  for (const [path, raw] of [['spec.template.spec.artifact.flinkVersion', artifact.flinkVersion], ['spec.template.spec.flinkVersion', template.flinkVersion]] as const) {
    if (version || raw === undefined || raw === null) continue;
    const text = String(raw);
    if (isPlaceholder(text)) continue;
    const loose = lenientVersion(text);
    if (loose && /^\d+\.\d+$/.test(text)) version = { version: loose, source: path };
    else {
      if (loose) version = { version: loose, source: `${path} ${text}` };
      notes.push({
        rule: 'flink-version-invalid', severity: 'error', setting: path,
        message: `${path} is "${text}", not a Flink version as Ververica Platform expects it (major.minor, e.g. 1.17): the platform rejects the Deployment or picks no image`,
        fix: `write ${loose ? `"${loose}"` : 'the version as major.minor, e.g. "1.17"'}`,
      });
    }
  }
  if (!version && typeof artifact.flinkImageTag === 'string') {
    const fromTag = lenientVersion(artifact.flinkImageTag);
    if (fromTag) version = { version: fromTag, source: `spec.template.spec.artifact.flinkImageTag ${artifact.flinkImageTag}` };
  }
  if (assumed) version = { version: assumed, source: '--flink' };
  const flat = flatten(mapAt(template, 'flinkConfiguration'));
  return {
    file, label, format: 'vvp-deployment', flinkVersion: version?.version, versionSource: version?.source,
    config: withoutMarker(flat), onKubernetes: true,
    restore: { path: 'spec.restoreStrategy.kind', value: stringAt(mapAt(spec, 'restoreStrategy'), 'kind') },
    provided: { checkpointDir: VVP, savepointDir: VVP, haDir: VVP, clusterId: 'Ververica Platform' },
    ...(HELM_BLOCK_KEY in flat ? { partial: 'a template block' } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * spec.flinkVersion values by Operator release: the first release whose FlinkVersion enum (and so its CRD)
 * declares the value, and the release from which its validator refuses it ("Flink version … is not supported
 * by this operator version"). Read off FlinkVersion.java and FlinkVersion.isSupported at each release tag of
 * apache/flink-kubernetes-operator, 1.0.0 … 1.15.0 (0.1.0, the preview, is left out).
 */
export const OPERATOR_FLINK_VERSIONS: Record<string, { from: string; refusedFrom?: string }> = {
  v1_13: { from: '1.0', refusedFrom: '1.7' }, v1_14: { from: '1.0', refusedFrom: '1.7' }, v1_15: { from: '1.0' }, v1_16: { from: '1.0' },
  v1_17: { from: '1.4' }, v1_18: { from: '1.6' }, v1_19: { from: '1.7' }, v1_20: { from: '1.10' }, v2_0: { from: '1.11' },
  v2_1: { from: '1.13' }, v2_2: { from: '1.13' }, v2_3: { from: '1.15' }, v2_4: { from: '1.15' },
};
export const OPERATOR_RELEASES = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11', '1.12', '1.13', '1.14', '1.15'];

function operatorValues(): string {
  const values = Object.keys(OPERATOR_FLINK_VERSIONS);
  return `${values[0]} … ${values.at(-1)} up to Operator ${OPERATOR_RELEASES.at(-1)}`;
}

function previousOperator(release: string): string {
  return OPERATOR_RELEASES[OPERATOR_RELEASES.indexOf(release) - 1] ?? release;
}

/** What the Operator releases say about a well-formed spec.flinkVersion: refused, unknown, or only accepted by newer releases. */
function operatorAccepts(value: string): Finding | undefined {
  const accepted = OPERATOR_FLINK_VERSIONS[value];
  if (!accepted) {
    return {
      rule: 'flink-version-invalid', severity: 'error', setting: 'spec.flinkVersion',
      message: `spec.flinkVersion is ${value}, which no Operator release up to ${OPERATOR_RELEASES.at(-1)} declares (${operatorValues()}): the CRD rejects the FlinkDeployment and nothing is deployed`,
      fix: `write the ${value.startsWith('v1_1') && Number(value.slice(3)) < 13 ? 'version of a supported Flink (v1_15 or newer)' : 'value of the Flink version the image runs (v1_15 … v2_4)'}`,
    };
  }
  if (accepted.refusedFrom) {
    return {
      rule: 'flink-version-invalid', severity: 'error', setting: 'spec.flinkVersion',
      message: `spec.flinkVersion is ${value}: only Operator ${accepted.from} … ${previousOperator(accepted.refusedFrom)} deploy it; from ${accepted.refusedFrom} on the Operator refuses it ("Flink version ${value} is not supported by this operator version") and nothing is deployed`,
      fix: 'upgrade the job to Flink 1.15 or newer (and spec.flinkVersion with it), or pin an Operator older than 1.7',
    };
  }
  // Only values that need one of the newest releases are worth a note: older ones every maintained Operator declares.
  if (OPERATOR_RELEASES.indexOf(accepted.from) >= OPERATOR_RELEASES.length - 3) {
    return {
      rule: 'flink-version-invalid', severity: 'info', setting: 'spec.flinkVersion',
      message: `spec.flinkVersion is ${value}: declared from Operator ${accepted.from} on; an older Operator's CRD rejects the FlinkDeployment`,
      fix: `run Operator ${accepted.from} or newer`,
    };
  }
  return undefined;
}

function isVvpBody(doc: Yaml): boolean {
  const template = mapAt(mapAt(mapAt(doc, 'spec'), 'template'), 'spec');
  return isMap(template.artifact) || isMap(template.flinkConfiguration) || (isMap(doc.spec) && ('restoreStrategy' in doc.spec || 'deploymentTargetName' in doc.spec));
}

const FLINK_PREFIXES = [
  'execution.', 'state.', 'high-availability', 'recovery.', 'restart-strategy', 'jobmanager.', 'taskmanager.', 'parallelism.', 's3.', 's3a.', 'fs.', 'kubernetes.',
  'metrics.', 'web.', 'rest.', 'blob.', 'akka.', 'pekko.', 'env.', 'security.', 'pipeline.', 'classloader.', 'io.', 'table.', 'yarn.', 'cluster.', 'heartbeat.',
  'slot.', 'slotmanager.', 'resourcemanager.', 'queryable-state.', 'historyserver.', 'python.', 'checkpointing.', 'savepoints.', 'zookeeper.', 'containerized.', 'mesos.',
  'process.', 'client.', 'execution', 'sql-client.', 'jobstore.', 'job-result-store.', 'scheduler-mode', 'jobmanager', 'taskmanager', 'rocksdb.', 'state', 'restart-strategy',
  'hadoop.', 'sql-gateway.', 'gs.', 'plugin.', 'local.', 'jmx.', 'internal.', 'deployment.', 'state.backend', 'checkpoint', 'savepoint',
  'metrics', 'security', 'akka', 'fs', 'web', 'rest', 'blob', 'high-availability', 'kubernetes', 'env', 'historyserver', 'parallelism', 'pipeline', 'classloader', 'io', 'table',
];

export function isFlinkKey(key: string): boolean {
  return FLINK_PREFIXES.some((prefix) => key === prefix || key.startsWith(prefix.endsWith('.') ? prefix : `${prefix}.`));
}

/** The fields of a FlinkDeployment's and a FlinkSessionJob's spec (flink.apache.org/v1beta1). */
const OPERATOR_SPEC_FIELDS = new Set(['job', 'restartNonce', 'flinkConfiguration', 'image', 'imagePullPolicy', 'serviceAccount', 'flinkVersion', 'ingress', 'podTemplate', 'jobManager', 'taskManager', 'logConfiguration', 'mode', 'deploymentName']);

/**
 * A FlinkDeployment or FlinkSessionJob copied without its kind, as blog posts and design notes show
 * them: the `spec:` block (with or without metadata) or only its contents. Recognised when every key
 * is a spec field of the Operator's CRDs and one of them is the Operator's own (flinkConfiguration,
 * a `v1_17`-style flinkVersion, a job with upgradeMode or jarURI); Helm values (an image map,
 * replicaCount ...) never pass that test.
 */
function operatorSpecFragment(doc: Yaml): { kind: 'FlinkDeployment' | 'FlinkSessionJob'; doc: Yaml } | undefined {
  const wrapped = isMap(doc.spec) && Object.keys(doc).every((key) => ['spec', 'metadata', 'status'].includes(key));
  const spec: Yaml = wrapped ? doc.spec as Yaml : doc;
  const keys = Object.keys(spec);
  if (keys.length === 0 || !keys.every((key) => OPERATOR_SPEC_FIELDS.has(key))) return undefined;
  if (spec.image !== undefined && typeof spec.image !== 'string') return undefined;
  if (spec.serviceAccount !== undefined && typeof spec.serviceAccount !== 'string') return undefined;
  const job = mapAt(spec, 'job');
  const operatorOwn = isMap(spec.flinkConfiguration) || (typeof spec.flinkVersion === 'string' && /^v\d+_\d+$/.test(spec.flinkVersion)) || 'upgradeMode' in job || 'jarURI' in job;
  if (!operatorOwn) return undefined;
  return { kind: typeof spec.deploymentName === 'string' ? 'FlinkSessionJob' : 'FlinkDeployment', doc: wrapped ? doc : { spec } };
}

/** Top-level keys of the apache/flink-kubernetes-operator chart's values.yaml. */
const OPERATOR_CHART_KEYS = ['watchNamespaces', 'operatorPod', 'operatorServiceAccount', 'jobServiceAccount', 'defaultConfiguration', 'webhook', 'operatorHealth', 'operatorVolumeMounts', 'operatorVolumes', 'postStart', 'jvmArgs', 'tls', 'rbac'];
const HELM_KEYS = ['image', 'replicaCount', 'nameOverride', 'fullnameOverride', 'serviceAccount', 'ingress', 'podAnnotations', 'nodeSelector', 'tolerations', 'affinity', 'imagePullSecrets', 'resources', 'service', 'podSecurityContext', 'securityContext', 'global', 'commonLabels', 'autoscaling'];

/** Where in Helm values a Flink configuration sits (a chart of one's own that renders a FlinkDeployment or a ConfigMap). */
function flinkSettingsIn(doc: Yaml): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (!isMap(node) || found.length >= 3) return;
    for (const [key, inner] of Object.entries(node)) {
      const here = path ? `${path}.${key}` : key;
      if (/^(flinkConfiguration|flinkProperties|flink-conf\.yaml|config\.yaml)$/.test(key)) found.push(here);
      else walk(inner, here);
    }
  };
  walk(doc, '');
  return found;
}

/** A kind-less document must look like a Flink configuration; Helm values and other YAML are refused, with the reason and what to pass instead. */
function refuseUnknownShape(file: string, doc: Yaml): void {
  if (isMap(doc.vvp) || (isMap(doc.blobStorage) && !isFlinkKey('blobStorage'))) {
    throw new UnreadableInputError(`${file}: Helm values of Ververica Platform (top-level vvp:), which configure the platform, not a Flink job; pass the platform's Deployment resources (kind: Deployment, apiVersion: v1) instead`);
  }
  const topLevel = Object.keys(doc);
  const operatorKeys = topLevel.filter((key) => OPERATOR_CHART_KEYS.includes(key));
  const operatorImage = isMap(doc.image) && typeof doc.image.repository === 'string' && /flink-kubernetes-operator/.test(doc.image.repository);
  if (operatorKeys.length >= 2 || operatorImage) {
    const defaults = isMap(doc.defaultConfiguration) ? Object.keys(doc.defaultConfiguration).find((key) => /^(config|flink-conf)\.yaml$/.test(key)) : undefined;
    throw new UnreadableInputError(`${file}: Helm values of the Flink Kubernetes Operator chart (${operatorKeys.slice(0, 3).join(', ') || 'image flink-kubernetes-operator'}), which configure the Operator, not a Flink job; pass your FlinkDeployment and FlinkSessionJob resources instead${defaults ? ` (the defaults in defaultConfiguration.${defaults} apply to each of them: save that block as its own config.yaml to check it too)` : ''}`);
  }
  const keys = Object.keys(flatten(doc)).filter((key) => key !== HELM_BLOCK_KEY && !key.endsWith(`.${HELM_BLOCK_KEY}`));
  if (keys.length === 0) throw new UnreadableInputError(`${file}: no settings (only template blocks) to judge`);
  const flinkKeys = keys.filter(isFlinkKey);
  const helmKeys = topLevel.filter((key) => HELM_KEYS.includes(key));
  const settings = flinkSettingsIn(doc);
  const valuesFile = /^values([-._].*)?\.ya?ml$/i.test(basename(file));
  if (helmKeys.length >= 2 || (helmKeys.length >= 1 && settings.length > 0) || (valuesFile && flinkKeys.length * 2 < keys.length)) {
    throw new UnreadableInputError(`${file}: Helm chart values (${helmKeys.length > 0 ? `top-level ${helmKeys.slice(0, 4).join(', ')}` : 'a values file'}), not a Flink configuration${settings.length > 0 ? `; the Flink settings under ${settings.join(', ')} reach Flink only through the chart's templates` : ''}: render the chart (helm template <release> <chart> -f ${basename(file)}) and pass the rendered manifests, or pass the FlinkDeployment/ConfigMap files themselves`);
  }
  if (flinkKeys.length * 2 < keys.length) {
    const examples = topLevel.filter((key) => !isFlinkKey(key)).slice(0, 4).join(', ');
    throw new UnreadableInputError(`${file}: not a Flink configuration (keys such as ${examples} are not Flink options) and has no kind the doctor knows; pass a Flink config.yaml/flink-conf.yaml, a FlinkDeployment, a Ververica Platform Deployment, Kubernetes manifests or a docker compose file`);
  }
}

/** The harness's own settings are judged as the Flink configuration the platforms would deploy. */
function harnessSpec(file: string, doc: Yaml, assumed: string | undefined): DoctorDocument {
  const { strategy, ...fields } = doc;
  const spec = defaultSpec(fields as Partial<DeploymentSpec>);
  const paths = { bucket: 'flink', checkpoints: 's3://flink/checkpoints', savepoints: 's3://flink/savepoints', ha: 's3://flink/ha', output: 's3://flink/output', control: 's3://flink/control' };
  const topology = { clusterId: spec.name, jobManagerHost: 'jobmanager', s3Endpoint: 'http://minio:9000', s3AccessKey: 'minio', s3SecretKey: 'minio', zookeeperQuorum: 'zookeeper:2181' };
  return {
    file, label: `${basename(file)} (${spec.name})`, format: 'harness-spec', flinkVersion: assumed ?? majorMinor(spec.flinkVersion), versionSource: assumed ? '--flink' : 'flinkVersion',
    config: flinkConfiguration(spec, paths, topology),
    restore: { path: 'strategy', value: typeof strategy === 'string' ? strategy : undefined },
    onKubernetes: spec.highAvailability === 'kubernetes',
  };
}

/** Sets the version from --flink, the document set's Flink images, or (only as "older than") the keys a legacy file uses. */
function withVersion(doc: DoctorDocument, assumed: string | undefined, fromImages: { version: string; source: string } | undefined, config: Record<string, string>): DoctorDocument {
  if (assumed) return { ...doc, flinkVersion: assumed, versionSource: '--flink' };
  if (fromImages) return { ...doc, flinkVersion: fromImages.version, versionSource: fromImages.source };
  const keys = Object.keys(config);
  // Memory options of Flink before 1.10 (taskmanager.heap.*) with none of the 1.10+ taskmanager.memory.* ones.
  if (keys.some((key) => /^taskmanager\.heap\.(mb|size)$|^jobmanager\.heap\.mb$|^recovery\.mode$|^jobmanager\.web\.port$/.test(key)) && !keys.some((key) => /^taskmanager\.memory\.(process|flink|task|framework|jvm-|network|managed\.(size|fraction))|^jobmanager\.memory\.|^execution\.checkpointing\./.test(key))) {
    return { ...doc, versionBefore: '1.10', versionSource: 'keys of Flink before 1.10 (taskmanager.heap.*)' };
  }
  return doc;
}

/** The Flink version of the document set's Flink images, when they agree. */
function imageVersion(images: Array<{ image: string; version: string }>): { version: string; source: string } | undefined {
  const versions = [...new Set(images.map((entry) => entry.version))];
  return versions.length === 1 ? { version: versions[0]!, source: `image ${images[0]!.image}` } : undefined;
}

function flinkImages(value: unknown): Array<{ image: string; version: string }> {
  const found: Array<{ image: string; version: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isMap(node)) {
      for (const [key, inner] of Object.entries(node)) {
        if (key === 'image' && typeof inner === 'string') {
          const version = flinkImageVersion(inner);
          if (version) found.push({ image: inner, version });
        } else if (key === 'image' && isMap(inner) && typeof inner.repository === 'string' && inner.tag !== undefined) {
          const image = `${inner.repository}:${String(inner.tag)}`;
          const version = flinkImageVersion(image);
          if (version) found.push({ image, version });
        } else walk(inner);
      }
    }
  };
  walk(value);
  return found;
}

/** flink:1.18, apache/flink:2.0.1-scala_2.12-java17, registry/ververica/flink:1.17.1-stream1 → major.minor; an operator image or an app image is not a Flink version. */
export function flinkImageVersion(image: string): string | undefined {
  const match = /^(.*?):([^:/@]+)(@.*)?$/.exec(image.trim());
  if (!match) return undefined;
  const repository = match[1]!.toLowerCase();
  const name = repository.split('/').pop() ?? '';
  if (!/(^|[-_])flink($|[-_])|^flink$/.test(name) || /operator|sql-gateway|connector|job|app/.test(name)) return undefined;
  const version = /^v?(\d+)\.(\d+)/.exec(match[2]!);
  if (!version) return undefined;
  return plausibleVersion(Number(version[1]), Number(version[2]));
}

function lenientVersion(text: string): string | undefined {
  const match = /^v?(\d+)[._](\d+)/i.exec(text.trim());
  return match ? plausibleVersion(Number(match[1]), Number(match[2])) : undefined;
}

function plausibleVersion(majorVersion: number, minorVersion: number): string | undefined {
  if ((majorVersion === 1 && minorVersion >= 0 && minorVersion <= 20) || (majorVersion === 2 && minorVersion <= 9)) return `${majorVersion}.${minorVersion}`;
  return undefined;
}

export function parseLegacyLines(text: string): Record<string, string> {
  const config: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (key === HELM_BLOCK_KEY) continue;
    config[key] = unquote(line.slice(colon + 1).replace(/\s+#.*$/, '').trim());
  }
  return config;
}

function flattenYamlText(file: string, text: string): Record<string, string> {
  const docs = parseAllDocuments(text);
  const first = docs[0];
  if (!first || first.errors.length > 0) {
    if (looksLikeLegacyLines(text)) return parseLegacyLines(text);
    throw new UnreadableInputError(`${file}: embedded config.yaml is not valid YAML`);
  }
  const value: unknown = first.toJS();
  return isMap(value) ? flatten(value) : {};
}

function withoutMarker(flat: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(flat).filter(([key]) => key !== HELM_BLOCK_KEY && !key.endsWith(`.${HELM_BLOCK_KEY}`)));
}

/** Standard YAML may nest (execution: {checkpointing: {interval: 10s}}) or use flat dotted keys. */
export function flatten(value: Yaml, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (key === HELM_BLOCK_KEY) flat[HELM_BLOCK_KEY] = 'x';
    else if (isMap(inner)) Object.assign(flat, flatten(inner, path));
    else if (Array.isArray(inner)) flat[path] = inner.map(String).join(';');
    else if (inner !== null && inner !== undefined) flat[path] = String(inner);
  }
  return flat;
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

function arrayAt(value: Yaml, key: string): unknown[] {
  const inner = value[key];
  return Array.isArray(inner) ? inner : [];
}

function stringAt(value: Yaml, key: string): string | undefined {
  const inner = value[key];
  return typeof inner === 'string' ? inner : undefined;
}
