// A repro bundle for each scenario that did not end as intended or ended in a failing verdict (a
// zoo scenario's seeded defect is what someone reproduces): reports/<run>/<id>-<platform>-flink-<v>/
// bundle.tar.gz with its result JSON, its timeline, its logs (the diagnostics), the images it ran,
// the command that runs it again, the environment it ran in, and repro.json for `frh repro`;
// secrets redacted by value (support/redact.ts, as results are: every secret the run knows, passwords
// in URLs, secret settings and flags) and every variable whose name says it holds a secret. Attach
// it to an issue as it is; `frh repro` treats it as data until told to trust it.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REDACTED, SECRET_NAME, redactJson, redactText } from '../support/redact.ts';
import type { ScenarioResult } from './results.ts';
import { shortfallOf, type Verdict } from '../judge/verdict.ts';
import { scenarioBaseName } from './html.ts';
import { PLATFORM_SCENARIO_FOLDERS, vitestProjectOf } from '../platforms/registry.ts';

export interface BundleContext {
  env?: NodeJS.ProcessEnv;
  argv?: readonly string[];
  /** The vitest project the scenario ran in (scenarios, zoo, kubernetes, operator, yaml). */
  project?: string;
  /** The test file that registered it (absolute, or relative to the repository). */
  testFile?: string;
  /** Tag and id of each image the run could use; default: images/.built/images.json and `docker image inspect`. */
  images?: Record<string, { tag: string; id?: string }>;
  /** The result is one fault of a soak: what reruns the soak's schedule up to it. */
  soak?: SoakManifest;
  /**
   * The YAML file given to `frh run` that defines the scenario, when it came from one: the bundle
   * carries it. The runner names it (report only writes; it never reads scenario definitions).
   */
  scenarioYaml?: string;
}

/**
 * A soak fault's place in its soak (project `soak`): the settings that draw the same schedule again
 * (the platform is the manifest's) and the fault's 1-based index in it.
 */
export interface SoakManifest {
  seed: number;
  durationSeconds: number;
  faults: string[];
  minGapSeconds: number;
  index: number;
}

/** The scenario's test file that registers YAML scenarios given to `frh run`. */
const YAML_RUNNER = 'harness/scenario/yaml-run.scenario.ts';

/** Shell-quoted, so the command can be pasted. */
const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

const ROOT = resolve(import.meta.dirname, '../..');
/** As catalog.ts's BUILT_IN_FOLDERS (not imported: that module loads vitest). */
const SCENARIO_FOLDERS = ['scenarios', ...PLATFORM_SCENARIO_FOLDERS, 'scenarios/zoo', 'scenarios/user-job', 'scenarios/known-bugs', 'scenarios/flink-upgrades'];

/** The built-in scenario file that defines an id (`id: '<id>'`), relative to the repository. */
export function scenarioFileOf(id: string, root = ROOT): string | undefined {
  const needle = new RegExp(`\\bid:\\s*['"\`]${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`);
  for (const folder of SCENARIO_FOLDERS) {
    let files: string[];
    try {
      files = readdirSync(join(root, folder)).filter((f) => f.endsWith('.scenario.ts')).sort();
    } catch {
      continue;
    }
    for (const f of files) if (needle.test(readFileSync(join(root, folder, f), 'utf8'))) return `${folder}/${f}`;
  }
  return undefined;
}

/** The variables of the settings a rerun needs (cluster, resume command) and the flags that set them. */
const SETTING_FLAGS: ReadonlyArray<[string, string]> = [['FRH_CLUSTER_PROVIDER', '--provider'], ['FRH_CLUSTER_NAME', '--cluster-name'], ['FRH_KUBECONFIG', '--kubeconfig'], ['FRH_KUBE_CONTEXT', '--context'], ['FRH_RESUME_COMMAND', '--resume-command']];

/**
 * How to run the scenario again: vitest on its file in the project that ran it, with the run's
 * settings as variables (what `frh suite` sets), and `frh suite` with its file name as the filter
 * (the zoo runs under ./run test and the known bugs under ./run known-bugs, not the suite).
 */
export function reproCommand(result: ScenarioResult, env: NodeJS.ProcessEnv, file = scenarioFileOf(result.id)): string {
  const settings = ['FRH_CLUSTER_PROVIDER', 'FRH_CLUSTER_NAME', 'FRH_KUBECONFIG', 'FRH_KUBE_CONTEXT', 'FRH_RESUME_COMMAND'].filter((name) => env[name]).map((name) => `${name}=${quote(env[name]!)}`);
  const zoo = file?.startsWith('scenarios/zoo/') ?? false;
  const knownBug = file?.startsWith('scenarios/known-bugs/') ?? false;
  const project = zoo ? 'zoo' : knownBug ? 'known-bugs' : vitestProjectOf(result.platform);
  const lines = [
    `# ${file ? `${result.id} is defined in ${file}` : `no built-in scenario file defines ${result.id} (a YAML scenario?)`}`,
    [`FRH_PLATFORM=${quote(result.platform)}`, `FRH_FLINK_VERSIONS=${quote(result.flinkVersion)}`, ...settings, 'node', 'node_modules/vitest/vitest.mjs', 'run', '--project', project, ...(file ? [file] : [])].join(' '),
  ];
  if (file && !zoo && !knownBug) {
    const words = ['frh', 'suite', basename(file, '.scenario.ts'), '--platform', result.platform, '--flink', result.flinkVersion];
    for (const [variable, flag] of SETTING_FLAGS) if (env[variable]) words.push(flag, env[variable]!);
    lines.push('# or', words.map(quote).join(' '));
  }
  return redactText(lines.join('\n'));
}

/** The version of repro.json's layout; `frh repro` refuses others. */
export const REPRO_FORMAT = 1;

/** What `frh repro` needs to run a bundle's scenario again: repro.json. */
export interface ReproManifest {
  format: typeof REPRO_FORMAT;
  id: string;
  title: string;
  platform: string;
  flinkVersion: string;
  /** The vitest project it ran in (scenarios, zoo, kubernetes, operator, yaml, user-job), or soak. */
  project: string;
  /** A built-in scenario's file, relative to the repository. */
  scenarioFile?: string;
  /** A YAML scenario: the bundle's member holding its text. */
  scenarioYaml?: 'scenario.yaml';
  /** A soak fault (project soak): its soak's schedule settings and its index. */
  soak?: SoakManifest;
  /** The run's settings that change what runs (cluster, resume command, images, operator), as variables. */
  settings: Record<string, string>;
  verdict: Verdict;
  expectedVerdict: Verdict;
  runId?: string;
}

/**
 * Variables that change what a scenario does. FRH_OPERATOR_SCENARIOS is left out: it narrows the
 * operator project's files, and a repro names its one file itself.
 */
export function isReproSetting(name: string): boolean {
  if (SECRET_NAME.test(name) || name === 'FRH_OPERATOR_SCENARIOS') return false;
  return ['FRH_CLUSTER_PROVIDER', 'FRH_CLUSTER_NAME', 'FRH_KUBECONFIG', 'FRH_KUBE_CONTEXT', 'FRH_RESUME_COMMAND', 'FRH_ALLOW_UNLISTED_VERSIONS', 'FRH_FLINK_DEPLOYMENT'].includes(name)
    || name.startsWith('FRH_IMAGE_') || name.startsWith('FRH_OPERATOR_');
}

/** The project a result ran in: the one vitest named, else what its file implies. */
function projectOf(file: string | undefined, context: BundleContext): string {
  if (context.project) return context.project;
  if (file === YAML_RUNNER) return 'yaml';
  if (file?.startsWith('scenarios/zoo/')) return 'zoo';
  return 'scenarios';
}

export function reproManifest(result: ScenarioResult, env: NodeJS.ProcessEnv, context: BundleContext = {}): ReproManifest {
  const settings = Object.fromEntries(Object.keys(env).filter(isReproSetting).sort().map((name) => [name, redactText(String(env[name]))]));
  const common = { id: result.id, title: result.title, platform: result.platform, flinkVersion: result.flinkVersion };
  const outcome = { settings, verdict: result.verdict, expectedVerdict: result.expectedVerdict, ...(env.FRH_RUN_ID ? { runId: env.FRH_RUN_ID } : {}) };
  if (context.soak) return { format: REPRO_FORMAT, ...common, project: 'soak', soak: context.soak, ...outcome };
  const testFile = context.testFile ? relative(ROOT, resolve(ROOT, context.testFile)) : undefined;
  const yaml = testFile === YAML_RUNNER || (testFile === undefined && context.scenarioYaml !== undefined);
  const scenarioFile = yaml ? undefined : testFile ?? scenarioFileOf(result.id);
  return {
    format: REPRO_FORMAT,
    ...common,
    project: yaml ? 'yaml' : projectOf(scenarioFile, context),
    ...(scenarioFile ? { scenarioFile } : {}),
    ...(yaml ? { scenarioYaml: 'scenario.yaml' as const } : {}),
    ...outcome,
  };
}

/** The soak a soak fault's bundle came from, as a command: the whole soak again (the fault is its soak.index-th). */
export function soakCommand(manifest: Pick<ReproManifest, 'platform' | 'flinkVersion'> & { soak: SoakManifest }, env: NodeJS.ProcessEnv): string {
  const { soak } = manifest;
  const words = ['frh', 'soak', '--platform', manifest.platform, '--flink', manifest.flinkVersion, '--seed', String(soak.seed), '--duration', `${soak.durationSeconds}s`,
    '--faults', soak.faults.join(','), '--min-gap', `${soak.minGapSeconds}s`];
  for (const [variable, flag] of SETTING_FLAGS) if (env[variable]) words.push(flag, env[variable]!);
  return redactText(`# the whole soak; this bundle's result is its fault ${soak.index}\n${words.map(quote).join(' ')}`);
}

/**
 * The images a run could use (images/.built/images.json, FRH_IMAGE_* overrides applied) and each
 * one's id as Docker knows it; an id is left out where Docker cannot say (no engine, image absent).
 */
export function imagesOfRun(env: NodeJS.ProcessEnv, builtFile = join(ROOT, 'images/.built/images.json')): Record<string, { tag: string; id?: string }> {
  let built: Record<string, string> = {};
  try {
    built = JSON.parse(readFileSync(builtFile, 'utf8')) as Record<string, string>;
  } catch {
    // No images built here: only the overrides are known.
  }
  const tags: Record<string, string> = { ...built };
  // The variable of a component as images.ts reads it: FRH_IMAGE_PROBE_FLINK_2_1_0 for probe-flink-2.1.0.
  const variableOf = (name: string): string => `FRH_IMAGE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('FRH_IMAGE_') || !value) continue;
    tags[Object.keys(built).find((name) => variableOf(name) === variable) ?? variable.slice('FRH_IMAGE_'.length).toLowerCase()] = value;
  }
  const names = Object.keys(tags).sort();
  const ids = new Map<string, string>();
  try {
    const output = execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', ...names.map((n) => tags[n]!)], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] });
    output.trim().split('\n').forEach((id, i) => ids.set(names[i]!, id));
  } catch (error) {
    // One missing image fails the whole call: ask for each, so the others still get their ids.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      for (const name of names) {
        try {
          ids.set(name, execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', tags[name]!], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim());
        } catch {
          // Not on this engine.
        }
      }
    }
  }
  return Object.fromEntries(names.map((name) => [name, { tag: tags[name]!, ...(ids.get(name)?.startsWith('sha256:') ? { id: ids.get(name)! } : {}) }]));
}

export function redactedEnvironment(env: NodeJS.ProcessEnv): string {
  return Object.keys(env).sort().map((name) => `${name}=${SECRET_NAME.test(name) ? REDACTED : redactText(String(env[name]))}`).join('\n');
}

/** The files of the bundle, name → text. */
export function bundleFiles(result: ScenarioResult, context: BundleContext = {}): Array<[string, string]> {
  const env = context.env ?? process.env;
  const redacted = redactJson(JSON.parse(JSON.stringify(result)) as ScenarioResult);
  const files: Array<[string, string]> = [];
  files.push(['README.txt', [
    `${redacted.id} [${redacted.platform}, Flink ${redacted.flinkVersion}]: ${redacted.verdict} (intended ${redacted.expectedVerdict})`,
    '',
    redacted.explanation,
    ...(redacted.assertionFailures ?? []).map((a) => `assertion failed: ${a}`),
    '',
    context.soak
      ? `Run it again: frh repro bundle.tar.gz (the soak's schedule from seed ${context.soak.seed} up to and including fault ${context.soak.index}, on the same platform, Flink version and settings).`
      : 'Run it again: frh repro bundle.tar.gz (the same scenario, platform, Flink version and settings).',
    '',
    'result.json: the scenario\'s result; timeline.json: the snapshots Flink\'s REST API reported before',
    'the fault and the storage listing at the fault (each _metadata header\'s version); logs/: what the',
    'platform\'s components logged (Kubernetes: events, HA ConfigMaps); images.json: the images and their',
    'ids; command.txt: how to run it again; environment.txt: the environment it ran in (secrets redacted);',
    'repro.json: what frh repro reads.',
    '',
  ].join('\n')]);
  const manifest = reproManifest(redacted, env, context);
  const yamlFile = manifest.scenarioYaml ? context.scenarioYaml : undefined;
  files.push(['repro.json', `${JSON.stringify(manifest, null, 2)}\n`]);
  if (yamlFile) files.push(['scenario.yaml', redactText(readFileSync(yamlFile, 'utf8'))]);
  files.push(['result.json', `${JSON.stringify(redacted, null, 2)}\n`]);
  if (redacted.evidence.timeline !== undefined) files.push(['timeline.json', `${JSON.stringify(redacted.evidence.timeline, null, 2)}\n`]);
  files.push(['images.json', `${JSON.stringify(context.images ?? imagesOfRun(env), null, 2)}\n`]);
  const byHand = manifest.soak ? soakCommand({ ...manifest, soak: manifest.soak }, env) : reproCommand(redacted, env, manifest.scenarioFile);
  files.push(['command.txt', `frh repro bundle.tar.gz\n# the same by hand:\n${byHand}\n\n# this process: ${redactText((context.argv ?? process.argv).map(quote).join(' '))}\n# run id: ${redactText(env.FRH_RUN_ID ?? '?')}\n`]);
  files.push(['environment.txt', `# node ${process.version} on ${process.platform}/${process.arch}, host ${redactText(hostname())}\n${redactedEnvironment(env)}\n`]);
  const diagnostics = (redacted.evidence.diagnostics ?? {}) as Record<string, unknown>;
  const used = new Set<string>();
  for (const [name, value] of Object.entries(diagnostics).sort(([a], [b]) => a.localeCompare(b))) {
    let file = `logs/${name.replace(/[^\w.-]+/g, '_').slice(0, 80)}.log`;
    for (let n = 2; used.has(file); n++) file = file.replace(/(-\d+)?\.log$/, `-${n}.log`);
    used.add(file);
    files.push([file, typeof value === 'string' ? value : JSON.stringify(value, null, 2)]);
  }
  return files;
}

/** A ustar archive of text files (names ≤ 100 bytes), the same bytes for the same input. */
export function tar(files: ReadonlyArray<[string, string]>, mtimeSeconds: number): Buffer {
  const blocks: Buffer[] = [];
  const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, '0')}\0`;
  for (const [name, text] of files) {
    const body = Buffer.from(text, 'utf8');
    const header = Buffer.alloc(512);
    if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
    header.write(name, 0, 100, 'utf8');
    header.write(octal(0o644, 8), 100, 'ascii');
    header.write(octal(0, 8), 108, 'ascii');
    header.write(octal(0, 8), 116, 'ascii');
    header.write(octal(body.length, 12), 124, 'ascii');
    header.write(octal(Math.max(0, Math.floor(mtimeSeconds)), 12), 136, 'ascii');
    header.write('        ', 148, 'ascii');
    header.write('0', 156, 'ascii');
    header.write('ustar\0' + '00', 257, 'binary');
    header.write('frh', 265, 'ascii');
    header.write('frh', 297, 'ascii');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** The files of a ustar archive as `tar` above writes them (regular files only; others are skipped). */
export function untar(archive: Buffer): Array<[string, string]> {
  const files: Array<[string, string]> = [];
  for (let offset = 0; offset + 512 <= archive.length;) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    const recorded = parseInt(field(148, 8).trim(), 8);
    if (recorded !== sum) throw new TarFormatError(`header checksum mismatch at byte ${offset}`);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new TarFormatError(`bad size at byte ${offset}`);
    const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : '';
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const type = field(156, 1);
    const start = offset + 512;
    if (start + size > archive.length) throw new TarFormatError(`${name} is cut short`);
    if (type === '0' || type === '') files.push([name, archive.toString('utf8', start, start + size)]);
    offset = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

export class TarFormatError extends Error {
  constructor(message: string) {
    super(`not a tar archive: ${message}`);
    this.name = 'TarFormatError';
  }
}

/** Whether a result gets a bundle: it did not end as intended, or it ended in a failing verdict. */
export function deservesBundle(result: ScenarioResult): boolean {
  return result.verdict !== 'PASS' || shortfallOf(result) !== undefined;
}

/** Writes reports/<run>/<id>-<platform>-flink-<v>/bundle.tar.gz; returns its path. */
export function writeReproBundle(runDir: string, result: ScenarioResult, context: BundleContext = {}): string {
  const dir = join(runDir, scenarioBaseName(result));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'bundle.tar.gz');
  const temporary = `${path}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(temporary, gzipSync(tar(bundleFiles(result, context), result.timings.finishedAt / 1000)));
  renameSync(temporary, path);
  return path;
}
