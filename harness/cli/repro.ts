// `frh repro BUNDLE`: runs the scenario of a repro bundle again, on its platform and Flink version
// with its settings, through the same path as `frh suite`, and says whether it ended in the same
// verdict. The bundle is read (and the scenario found on this clone) before anything starts.
// A bundle comes from someone else: it is data until the person rerunning it trusts it. What it
// would run or change is printed; a command, kubeconfig, cluster, FlinkDeployment, image or job
// file it names is used only with --trust-bundle, and a Kubernetes context never comes from it.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { REPRO_FORMAT, isReproSetting, scenarioFileOf, untar, type ReproManifest, type SoakManifest } from '../report/bundle.ts';
import { loadRun } from '../report/results.ts';
import { VERDICTS, type Verdict } from '../judge/verdict.ts';
import { parseScenarioYaml, SCENARIO_FILES_VARIABLE } from '../scenario/yaml.ts';
import { runIdFrom } from '../scenario/environment.ts';
import { BadInputError } from '../support/errors.ts';
import type { ParsedArgs } from './options.ts';
import { runSuite, type SuiteSelection } from './suite.ts';
import { DURATION_LIMITS, MIN_GAP_LIMITS, executeSoak, scheduleInputOf, type SoakOptions } from './soak.ts';
import { SOAK_PLATFORMS, formatSchedule, formatSeconds, parseSoakFaults, soakResultId, soakScheduleUpTo, type ScheduledFault, type SoakPlatform } from '../soak/schedule.ts';
import { reportRoot, ROOT, variablesOfFlags } from './settings.ts';
import { PLATFORMS } from '../platforms/registry.ts';

/** The vitest projects a bundle may name (vitest.config.ts). */
const PROJECTS: readonly string[] = ['scenarios', 'zoo', ...PLATFORMS.flatMap((p) => p.vitestProject?.name ?? []), 'yaml', 'user-job', 'known-bugs', 'flink-upgrades'];
type Project = string;
/** A soak fault's bundle names no vitest project: `frh soak` ran it. */
const SOAK_PROJECT = 'soak';

export interface ReproBundle {
  path: string;
  manifest: ReproManifest & { project: Project | typeof SOAK_PROJECT };
  /** Built-in: the scenario file on this clone, relative to the repository. */
  scenarioFile?: string;
  /** YAML: the scenario's text from the bundle. */
  scenarioYaml?: string;
  /** A soak fault: its soak as the options that rerun it, and the schedule up to and including the fault. */
  soak?: { options: SoakOptions; schedule: ScheduledFault[] };
}

/** Reads and checks a bundle; every problem is one BadInputError line (exit 2, nothing deployed). */
export function readReproBundle(path: string): ReproBundle {
  const complain = (problem: string): BadInputError => new BadInputError(`repro bundle ${path}: ${problem}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw complain(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder; give its bundle.tar.gz' : `cannot read it (${code ?? (error as Error).message})`);
  }
  let members: Map<string, string>;
  try {
    members = new Map(untar(gunzipSync(bytes)));
  } catch (error) {
    throw complain(`not a gzipped tar archive (${(error as Error).message})`);
  }
  const text = members.get('repro.json');
  if (text === undefined) throw complain('has no repro.json: not a repro bundle, or one written before frh repro existed');
  let manifest: ReproManifest;
  try {
    manifest = JSON.parse(text) as ReproManifest;
  } catch (error) {
    throw complain(`repro.json is not JSON (${(error as Error).message})`);
  }
  if (manifest.format !== REPRO_FORMAT) throw complain(`repro.json has format ${String(manifest.format)}; this clone reads format ${REPRO_FORMAT}`);
  for (const field of ['id', 'platform', 'flinkVersion', 'project', 'verdict', 'expectedVerdict'] as const) {
    if (typeof manifest[field] !== 'string' || manifest[field] === '') throw complain(`repro.json lacks ${field}`);
  }
  if (![...PROJECTS, SOAK_PROJECT].includes(manifest.project)) throw complain(`repro.json names project "${manifest.project}", not one of ${[...PROJECTS, SOAK_PROJECT].join(', ')}`);
  for (const field of ['verdict', 'expectedVerdict'] as const) {
    if (!(VERDICTS as readonly string[]).includes(manifest[field])) throw complain(`repro.json's ${field} "${manifest[field]}" is not a verdict`);
  }
  const settings = manifest.settings ?? {};
  for (const [name, value] of Object.entries(settings)) {
    if (!isReproSetting(name) || typeof value !== 'string') throw complain(`repro.json's setting ${name} is not one a repro applies`);
  }
  const bundle = { path, manifest: { ...manifest, settings } as ReproBundle['manifest'] };
  if (manifest.project === SOAK_PROJECT) {
    try {
      return { ...bundle, soak: soakToRerun(bundle.manifest) };
    } catch (error) {
      throw complain(`repro.json's soak: ${(error as Error).message}`);
    }
  }
  if (manifest.project === 'yaml') {
    const yaml = members.get(manifest.scenarioYaml ?? 'scenario.yaml');
    if (yaml === undefined) throw complain('is of a YAML scenario but holds no scenario.yaml');
    let id: string;
    try {
      id = parseScenarioYaml(yaml, `${path}:scenario.yaml`).id;
    } catch (error) {
      throw complain(`its scenario.yaml is not valid here: ${(error as Error).message}`);
    }
    if (id !== manifest.id) throw complain(`its scenario.yaml defines "${id}", not "${manifest.id}"`);
    return { ...bundle, scenarioYaml: yaml };
  }
  // The file the bundle names, if it still defines the id here; else wherever this clone defines it.
  const named = manifest.scenarioFile && scenarioFileOf(manifest.id) === manifest.scenarioFile ? manifest.scenarioFile : undefined;
  const scenarioFile = named ?? scenarioFileOf(manifest.id);
  if (!scenarioFile) throw complain(`scenario "${manifest.id}" is not defined on this clone (no file under scenarios/ has id: '${manifest.id}')`);
  return { ...bundle, scenarioFile };
}

/**
 * The soak a soak fault's manifest came from, and its schedule up to and including that fault, drawn
 * again from the recorded seed; throws one line when the manifest cannot give the same fault again.
 */
export function soakToRerun(manifest: Pick<ReproManifest, 'id' | 'platform' | 'flinkVersion' | 'soak'>): { options: SoakOptions; schedule: ScheduledFault[] } {
  const soak = manifest.soak;
  if (typeof soak !== 'object' || soak === null) throw new Error('missing');
  const whole = (field: keyof SoakManifest, limits: { min: number; max: number }): number => {
    const value = soak[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < limits.min || value > limits.max) throw new Error(`${field} ${String(value)} is not a whole number from ${limits.min} to ${limits.max}`);
    return value;
  };
  if (!(SOAK_PLATFORMS as readonly string[]).includes(manifest.platform)) throw new Error(`platform ${manifest.platform} is not one a soak runs on (${SOAK_PLATFORMS.join(', ')})`);
  const platform = manifest.platform as SoakPlatform;
  if (!Array.isArray(soak.faults) || !soak.faults.every((f) => typeof f === 'string')) throw new Error('faults is not a list of fault names');
  const options: SoakOptions = {
    seed: whole('seed', { min: 0, max: 0xffffffff }),
    seedDrawn: false,
    durationSeconds: whole('durationSeconds', DURATION_LIMITS),
    minGapSeconds: whole('minGapSeconds', MIN_GAP_LIMITS),
    faults: parseSoakFaults(soak.faults.join(','), 'faults', platform),
    platform,
    flinkVersion: manifest.flinkVersion,
    dryRun: false,
  };
  const index = whole('index', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const schedule = soakScheduleUpTo(scheduleInputOf(options), index);
  const fault = schedule[index - 1];
  if (!fault) throw new Error(`its schedule has ${schedule.length} fault(s) here, no fault ${index}`);
  // The same seed must draw the same fault: a changed generator would rerun another soak.
  if (soakResultId(options.seed, fault) !== manifest.id) throw new Error(`fault ${index} of its schedule is ${soakResultId(options.seed, fault)} here, not ${manifest.id}`);
  return { options, schedule };
}

/** Which cluster to use is the rerunning person's choice alone: a bundle's context is never applied. */
const CONTEXT_VARIABLE = 'FRH_KUBE_CONTEXT';

/** Variables a repro sets or clears: its platform, version and settings replace the caller's (the caller's context stays). */
export function reproEnvironment(bundle: ReproBundle, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) if ((!isReproSetting(name) || name === CONTEXT_VARIABLE) && name !== 'FRH_OPERATOR_SCENARIOS' && name !== SCENARIO_FILES_VARIABLE) env[name] = value;
  for (const [name, value] of Object.entries(bundle.manifest.settings)) if (name !== CONTEXT_VARIABLE) env[name] = value;
  env.FRH_PLATFORM = bundle.manifest.platform;
  env.FRH_FLINK_VERSIONS = bundle.manifest.flinkVersion;
  // A platform's own project may set its versions from a variable of its own (vitest.config.ts).
  const versionsVariable = PLATFORMS.find((p) => p.vitestProject?.name === bundle.manifest.project)?.vitestProject?.flinkVersionsVariable;
  if (versionsVariable) env[versionsVariable] = bundle.manifest.flinkVersion;
  // The user-job project exists only when asked for (vitest.config.ts).
  if (bundle.manifest.project === 'user-job') env.FRH_USER_JOB_SCENARIOS = '1';
  delete env.FRH_PARALLEL;
  delete env.FRH_SHARD;
  return env;
}

/** One thing a bundle would run or change on the machine that reruns it. */
export interface BundleRequest {
  /** What it is, e.g. "resume command (run with sh -c)". */
  what: string;
  value: string;
  /** Runs code, reaches a cluster, deploys an image or reads a file of this machine: only with --trust-bundle. */
  needsTrust: boolean;
  /** Never applied, whatever the trust (a context). */
  ignored?: string;
}

/** A bundle's settings as requests; those in `overridden` (a flag given here) are the caller's, not the bundle's. */
function settingRequests(settings: Record<string, string>, overridden: ReadonlySet<string>): BundleRequest[] {
  const described: Record<string, string> = {
    FRH_RESUME_COMMAND: 'resume command (run with sh -c)', FRH_KUBECONFIG: 'kubeconfig', FRH_CLUSTER_PROVIDER: 'cluster provider',
    FRH_CLUSTER_NAME: 'cluster name', FRH_FLINK_DEPLOYMENT: 'FlinkDeployment file of this machine', FRH_OPERATOR_UPGRADE_IMAGE: 'image',
  };
  return Object.entries(settings).filter(([name]) => !overridden.has(name)).map(([name, value]): BundleRequest => {
    if (name === CONTEXT_VARIABLE) return { what: 'Kubernetes context', value, needsTrust: false, ignored: 'a context never comes from a bundle: give --context yourself' };
    if (name.startsWith('FRH_IMAGE_')) return { what: `image ${name}`, value, needsTrust: true };
    if (described[name]) return { what: `${described[name]} ${name}`, value, needsTrust: true };
    return { what: `setting ${name}`, value, needsTrust: false };
  });
}

/** Flink settings that start processes with other options, set their environment or reach a cluster. */
const RISKY_FLINK_KEY = /^(env\.|containerized\.|kubernetes\.|high-availability\.kubernetes|plugin)/;

/** What a YAML scenario from a bundle would run: resume commands, images, job files, FlinkDeployments, risky Flink settings. */
export function yamlRequests(yaml: string): BundleRequest[] {
  const requests: BundleRequest[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, [...path, String(i)]));
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = [...path, key].join('.');
      const parent = path.at(-1);
      if (key === 'command' && parent === 'resume' && typeof value === 'string') requests.push({ what: `resume command (run with sh -c) ${at}`, value, needsTrust: true });
      else if (key === 'image' && typeof value === 'string') requests.push({ what: `image ${at}`, value, needsTrust: true });
      else if ((key === 'jar' || key === 'config') && parent === 'job' && typeof value === 'string') requests.push({ what: `job file of this machine ${at}`, value, needsTrust: true });
      else if (key === 'flinkDeployment' && typeof value === 'string') requests.push({ what: `FlinkDeployment file of this machine ${at}`, value, needsTrust: true });
      else if (key === 'flinkConfig' && value !== null && typeof value === 'object') {
        for (const [flinkKey, setting] of Object.entries(value as Record<string, unknown>)) {
          if (RISKY_FLINK_KEY.test(flinkKey)) requests.push({ what: `Flink setting ${at}.${flinkKey}`, value: String(setting), needsTrust: true });
        }
      } else walk(value, [...path, key]);
    }
  };
  try {
    walk(parseYaml(yaml), []);
  } catch {
    // readReproBundle parsed it already; a file it accepted parses here too.
  }
  return requests;
}

/** Everything a bundle would run or change here; settings in `overridden` were given as flags and are the caller's. */
export function bundleRequests(bundle: ReproBundle, overridden: ReadonlySet<string> = new Set()): BundleRequest[] {
  return [...settingRequests(bundle.manifest.settings, overridden), ...(bundle.scenarioYaml !== undefined ? yamlRequests(bundle.scenarioYaml) : [])];
}

/** The list `frh repro` prints before it runs anything, one request a line. */
export function formatBundleRequests(bundle: ReproBundle, requests: readonly BundleRequest[], trusted: boolean): string {
  if (requests.length === 0) return `repro: ${bundle.path} sets nothing beyond its scenario, platform and Flink version\n`;
  const lines = requests.map((r) => `  ${r.what}: ${r.value}${r.ignored ? ` (ignored: ${r.ignored})` : r.needsTrust ? (trusted ? ' (trusted: --trust-bundle)' : ' (needs --trust-bundle)') : ''}`);
  return `repro: ${bundle.path} would run or change:\n${lines.join('\n')}\n`;
}

/**
 * Refuses a bundle that names something to run, a cluster or an image unless the caller trusts it:
 * the list goes to stderr, then one line (BadInputError, exit 2). Nothing has started yet.
 */
export function checkBundleTrust(bundle: ReproBundle, overridden: ReadonlySet<string>, trusted: boolean, write: (text: string) => void = (text) => process.stderr.write(text)): void {
  const requests = bundleRequests(bundle, overridden);
  const untrusted = requests.filter((r) => r.needsTrust);
  if (trusted || untrusted.length === 0) return;
  write(formatBundleRequests(bundle, requests, false));
  throw new BadInputError(`repro bundle ${bundle.path}: it names ${untrusted.length} thing(s) that run code, reach a cluster or deploy an image here (listed above); read them, then run again with --trust-bundle, or give your own (--resume-command, --kubeconfig, --provider)`);
}

/** A pattern for vitest's --testNamePattern naming exactly the scenario's test on its platform and version. */
export function testNamePattern(manifest: Pick<ReproManifest, 'title' | 'platform' | 'flinkVersion'>): string {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `( \(run k of N\))?`: with --repeat the same test is registered N times under numbered names.
  return `${escape(manifest.title)} \\[${escape(manifest.platform)}, Flink ${escape(manifest.flinkVersion)}\\]( \\(run \\d+ of \\d+\\))?$`;
}

/** What to run: the one file (by its whole path, as vitest's filter matches substrings) and the one test in it. */
export function reproSelection(bundle: ReproBundle, yamlFolder: () => string): SuiteSelection {
  const { manifest } = bundle;
  if (manifest.project === SOAK_PROJECT) throw new Error(`${bundle.path} is a soak fault's bundle: frh soak reruns it, not vitest`);
  const selection: SuiteSelection = { project: manifest.project, filters: [], testNamePattern: testNamePattern(manifest) };
  if (bundle.scenarioYaml !== undefined) {
    const file = join(yamlFolder(), 'scenario.yaml');
    writeFileSync(file, bundle.scenarioYaml);
    selection.env = { [SCENARIO_FILES_VARIABLE]: JSON.stringify([file]) };
  } else {
    selection.filters = [resolve(ROOT, bundle.scenarioFile!)];
  }
  return selection;
}

/** The line `frh repro` ends with: the verdict of the bundle against those of the run. */
export function reproOutcomeLine(bundled: Verdict, now: readonly Verdict[]): string {
  if (now.length > 0 && now.every((verdict) => verdict === bundled)) return `reproduced: ${bundled} again (bundle: ${bundled})`;
  return `not reproduced: bundle ${bundled}, now ${now.length > 0 ? now.join(', ') : 'no result'}`;
}

/** `env` is the validated environment (validate.ts applied the bundle's settings, then the flags). */
export async function runRepro(args: ParsedArgs, validated: NodeJS.ProcessEnv): Promise<number> {
  const bundle = readReproBundle(args.positional[0]!);
  const env: NodeJS.ProcessEnv = { ...validated, FRH_RUN_ID: runIdFrom(validated) };
  const { manifest } = bundle;
  process.stdout.write(formatBundleRequests(bundle, bundleRequests(bundle, variablesOfFlags(args)), args.flags.has('trust-bundle')));
  if (bundle.soak) return rerunSoak(bundle.manifest, bundle.soak, env);
  process.stdout.write(`repro: ${manifest.id} [${manifest.platform}, Flink ${manifest.flinkVersion}] (project ${manifest.project}${bundle.scenarioFile ? `, ${bundle.scenarioFile}` : ', scenario.yaml from the bundle'}); the bundle ended in ${manifest.verdict} (intended ${manifest.expectedVerdict})\n`);
  const selection = reproSelection(bundle, () => mkdtempSync(join(tmpdir(), 'frh-repro-')));
  const exitCode = await runSuite({ ...args, positional: [] }, env, selection);
  const run = loadRun(reportRoot(env), env.FRH_RUN_ID!);
  const now = (run?.results ?? []).filter((r) => r.id === manifest.id && r.platform === manifest.platform && r.flinkVersion === manifest.flinkVersion).map((r) => r.verdict);
  process.stdout.write(`${reproOutcomeLine(manifest.verdict, now)}\n`);
  return exitCode;
}

/** A soak fault's repro: the soak's schedule again, up to and including that fault; its verdict against the bundle's. */
async function rerunSoak(manifest: ReproManifest, soak: NonNullable<ReproBundle['soak']>, env: NodeJS.ProcessEnv): Promise<number> {
  const { options, schedule } = soak;
  process.stdout.write(`repro: ${manifest.id} [${manifest.platform}, Flink ${manifest.flinkVersion}]: soak seed ${options.seed} (duration ${formatSeconds(options.durationSeconds)}, faults ${options.faults.join(',')}, min-gap ${formatSeconds(options.minGapSeconds)}) up to and including fault ${schedule.length}; the bundle ended in ${manifest.verdict} (intended ${manifest.expectedVerdict})\n`);
  process.stdout.write(`${formatSchedule(options.seed, options.durationSeconds, schedule)}\n`);
  const { outcome, exitCode } = await executeSoak(options, schedule, env);
  const now = outcome.results.filter((r) => r.id === manifest.id).map((r) => r.verdict);
  process.stdout.write(`${reproOutcomeLine(manifest.verdict, now)}\n`);
  return exitCode;
}
