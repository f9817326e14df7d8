// Everything the user typed is checked here, before any image is built, container started or vitest
// spawned: a mistake costs one line and exit code 2, not minutes of bootstrap. `./run` calls it
// (`frh validate ...`) before installing Docker or building images, and learns what the command needs.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { clusterSettings, flinkVersions, keepFailingDeployments, onKubernetes, platformName, runIdFrom, type PlatformName } from '../scenario/environment.ts';
import { BadInputError, settingError } from '../support/errors.ts';
import { checkClusterSettings, type ClusterSettingNames } from './cluster-check.ts';
import { CLUSTER_FLAGS, clusterAction } from './cluster.ts';
import { doctorOptions } from './doctor.ts';
import { parseArgs, suiteParallelism, suiteRepeats, suiteShard, type FlagKinds, type ParsedArgs } from './options.ts';
import { checkScenarioFilters } from './scenario-files.ts';
import { checkScenarioFilesToList, checkScenarioFilesToRun, loadScenarioFiles } from '../scenario/yaml.ts';
import { commandLineJob, JOB_VARIABLES, withCommandLineJob } from '../scenario/command-line-job.ts';
import { checkBundleTrust, readReproBundle, reproEnvironment } from './repro.ts';
import { ROOT, reportRoot, variablesOfFlags, withFlagsApplied } from './settings.ts';
import { soakOptions } from './soak.ts';
import { HISTORY_RUNS } from '../report/history.ts';
import { DEFAULT_PLATFORM, PLATFORMS, PLATFORM_OPTIONS, imagesNeeded, platformDescriptor } from '../platforms/registry.ts';

/** What a command needs from the machine beyond Node and npm dependencies (./run provides it). */
export type Need = 'docker' | 'images';

export interface Invocation {
  command: string;
  args: ParsedArgs;
  /** The environment with the flags applied as FRH_* variables, as scenarios read them. */
  env: NodeJS.ProcessEnv;
  needs: Need[];
  /** With 'images': images/build.sh's names of the images the command runs, and nothing more. */
  images?: string[];
}

/** What a suite, a run, a repro or a soak on the validated platform and Flink versions needs. */
function suiteNeeds(env: NodeJS.ProcessEnv): { needs: Need[]; images: string[] } {
  return { needs: ['docker', 'images'], images: imagesNeeded(platformName(env), flinkVersions(env), env) };
}

export interface ValidateOptions {
  env?: NodeJS.ProcessEnv;
  /** How long an existing cluster's API server may take to accept a connection. */
  probeTimeoutMs?: number;
}

/** The flags of options only some platforms take (each platform's descriptor: `options`). */
const PLATFORM_FLAGS: FlagKinds = Object.fromEntries(PLATFORM_OPTIONS.map(({ option }) => [option.flag, 'value']));
const SUITE_FLAGS: FlagKinds = { platform: 'value', flink: 'value', 'report-dir': 'value', provider: 'value', kubeconfig: 'value', context: 'value', 'cluster-name': 'value', 'resume-command': 'value', parallel: 'value', shard: 'value', keep: 'boolean', repeat: 'value', ...PLATFORM_FLAGS };
/** `frh run` only: the scenario files are the user's, so a job of their own fits them (the built-in scenarios are the probe's). */
const RUN_FLAGS: FlagKinds = { ...SUITE_FLAGS, 'job-jar': 'value', 'entry-class': 'value', 'job-arg': 'values', 'flink-config': 'value', 'flink-image': 'value' };
const SWEEP_FLAGS: FlagKinds = { run: 'value', platform: 'value', 'except-kept': 'boolean', ...CLUSTER_FLAGS };
const DOCTOR_FLAGS: FlagKinds = { format: 'value', flink: 'value', namespace: 'value', kubeconfig: 'value', context: 'value', help: 'boolean' };
const SOAK_FLAGS: FlagKinds = {
  seed: 'value', duration: 'value', faults: 'value', 'min-gap': 'value', platform: 'value', flink: 'value', 'report-dir': 'value', 'resume-command': 'value', 'dry-run': 'boolean',
  provider: 'value', kubeconfig: 'value', context: 'value', 'cluster-name': 'value',
};
const NO_FLAGS: FlagKinds = {};

const CLUSTER_ONLY_FLAGS = ['provider', 'cluster-name', 'name', 'kubeconfig', 'context'];

/** `frh repro`: the suite's options, except those the bundle decides (platform, version) or that make no sense for one scenario. */
const REPRO_FLAGS: FlagKinds = { ...Object.fromEntries(Object.entries(SUITE_FLAGS).filter(([flag]) => !['platform', 'flink', 'parallel', 'shard'].includes(flag))), 'trust-bundle': 'boolean' };

export const COMMAND_FLAGS: Record<string, FlagKinds> = { suite: SUITE_FLAGS, run: RUN_FLAGS, repro: REPRO_FLAGS, list: { format: 'value' }, sweep: SWEEP_FLAGS, cluster: CLUSTER_FLAGS, doctor: DOCTOR_FLAGS, 'leak-check': NO_FLAGS, report: { history: 'boolean', runs: 'value' }, soak: SOAK_FLAGS };

export async function validateInvocation(argv: string[], options: ValidateOptions = {}): Promise<Invocation> {
  const command = argv[0] ?? 'help';
  const flags = COMMAND_FLAGS[command];
  if (!flags) throw new BadInputError(`unknown command "${command}"; try frh --help (commands: ${Object.keys(COMMAND_FLAGS).join(', ')})`);
  const args = parseArgs(argv, flags);
  const { env, nameOf } = withFlagsApplied(args, options.env ?? process.env);
  const probeTimeoutMs = options.probeTimeoutMs ?? 3_000;
  switch (command) {
    case 'suite':
    case 'run':
      await validateSuite(args, env, nameOf, probeTimeoutMs);
      return { command, args, env, ...suiteNeeds(env) };
    case 'repro': {
      if (args.positional.length !== 1) throw new BadInputError(`repro takes one bundle (reports/<run>/<scenario>/bundle.tar.gz), not ${args.positional.length}`);
      // The bundle's platform, version and settings, then the flags given here (e.g. another --kubeconfig);
      // what the bundle alone names to run or reach is used only when trusted.
      const bundle = readReproBundle(args.positional[0]!);
      checkBundleTrust(bundle, variablesOfFlags(args), args.flags.has('trust-bundle'));
      const applied = withFlagsApplied(args, reproEnvironment(bundle, options.env ?? process.env));
      await validateSuite({ ...args, positional: [] }, applied.env, applied.nameOf, probeTimeoutMs);
      return { command, args, env: applied.env, ...suiteNeeds(applied.env) };
    }
    case 'soak': {
      const soak = soakOptions(args, env, nameOf);
      checkResumeCommandUsed(env, soak.platform, nameOf('FRH_RESUME_COMMAND'));
      // A dry run only prints the schedule: its cluster settings are read, the cluster not asked.
      await checkPlatformSettings(args, env, soak.platform, nameOf, { probe: !soak.dryRun, probeTimeoutMs });
      checkResumeCommand(env.FRH_RESUME_COMMAND, nameOf('FRH_RESUME_COMMAND'));
      if (soak.dryRun) return { command, args, env, needs: [] };
      runIdFrom(env);
      checkWritableFolder(reportRoot(env), nameOf('FRH_REPORT_DIR'), env.FRH_REPORT_DIR);
      return { command, args, env, ...suiteNeeds({ ...env, FRH_PLATFORM: soak.platform }) };
    }
    case 'list':
      checkScenarioFilesToList(args.positional, args.flags.get('format'));
      return { command, args, env, needs: [] };
    case 'sweep': {
      const run = args.flags.get('run');
      if (typeof run === 'string') runIdFrom({ FRH_RUN_ID: run }, '--run');
      // Only --platform: ./run test sweeps Docker on exit whatever FRH_PLATFORM a user exported.
      env.FRH_PLATFORM = String(args.flags.get('platform') ?? DEFAULT_PLATFORM.name);
      const platform = platformName(env, '--platform');
      if (onKubernetes(platform)) await checkClusterSettings(clusterSettings(env), clusterNames(nameOf), { env, probe: true, probeTimeoutMs });
      return { command, args, env, needs: platformDescriptor(platform).cleanup.sweepNeedsDockerEngine ? ['docker'] : [] };
    }
    case 'cluster': {
      const action = clusterAction(args);
      await checkClusterSettings(clusterSettings(env), clusterNames(nameOf), { env, probe: action !== 'down', probeTimeoutMs });
      return { command, args, env, needs: [] };
    }
    case 'doctor':
      doctorOptions(args);
      return { command, args, env, needs: [] };
    case 'leak-check':
      reportFolderToCheck(args, env);
      return { command, args, env, needs: [] };
    case 'report':
      if (args.flags.has('history')) historyRequest(args, env);
      else reportFolderToRender(args, env);
      return { command, args, env, needs: [] };
  }
  throw new Error(`COMMAND_FLAGS names "${command}" but validateInvocation does not check it`);
}

async function validateSuite(args: ParsedArgs, env: NodeJS.ProcessEnv, nameOf: (variable: string) => string, probeTimeoutMs: number): Promise<void> {
  const platform = platformName(env, nameOf('FRH_PLATFORM'));
  flinkVersions(env, nameOf('FRH_FLINK_VERSIONS'));
  runIdFrom(env);
  checkWritableFolder(reportRoot(env), nameOf('FRH_REPORT_DIR'), env.FRH_REPORT_DIR);
  if (args.command === 'run') {
    checkScenarioFilesToRun(args.positional, platform);
    const job = commandLineJob(env, nameOf);
    for (const { file, definition } of loadScenarioFiles(args.positional)) withCommandLineJob(definition, job, file, nameOf);
    // vitest's workers may run elsewhere than the user's working directory.
    for (const variable of [JOB_VARIABLES.jar, JOB_VARIABLES.config]) if (env[variable] !== undefined) env[variable] = resolve(env[variable]);
  }
  else checkScenarioFilters(ROOT, args.positional, platform);
  checkResumeCommand(env.FRH_RESUME_COMMAND, nameOf('FRH_RESUME_COMMAND'));
  suiteParallelism(env, nameOf('FRH_PARALLEL'));
  suiteShard(env, nameOf('FRH_SHARD'));
  keepFailingDeployments(env, nameOf('FRH_KEEP'));
  suiteRepeats(env, nameOf('FRH_REPEAT'));
  checkPlatformOptions(env, platform, nameOf);
  checkResumeCommandUsed(env, platform, nameOf('FRH_RESUME_COMMAND'));
  await checkPlatformSettings(args, env, platform, nameOf, { probe: true, probeTimeoutMs });
}

/** On Kubernetes the cluster settings (and, with `probe`, the API server); elsewhere no cluster flag. */
async function checkPlatformSettings(args: ParsedArgs, env: NodeJS.ProcessEnv, platform: PlatformName, nameOf: (variable: string) => string, options: { probe: boolean; probeTimeoutMs: number }): Promise<void> {
  if (onKubernetes(platform)) {
    await checkClusterSettings(clusterSettings(env), clusterNames(nameOf), { env, ...options });
    return;
  }
  // A cluster flag on Docker would be ignored silently; the user most likely forgot --platform.
  const clusterFlag = CLUSTER_ONLY_FLAGS.find((flag) => args.flags.has(flag));
  const onCluster = PLATFORMS_ON_A_CLUSTER[0] ?? '';
  if (clusterFlag) throw settingError(`--${clusterFlag}`, String(args.flags.get(clusterFlag)), `applies only with --platform ${onCluster} (the platform is ${platform})`);
}

/** Options only some platforms take (e.g. `--flink-deployment FILE`): refused elsewhere, else checked by their platform and set as workers read them. */
function checkPlatformOptions(env: NodeJS.ProcessEnv, platform: string, nameOf: (variable: string) => string): void {
  for (const { platform: owner, option } of PLATFORM_OPTIONS) {
    const given = env[option.variable];
    if (given === undefined) {
      if (owner.name === platform && option.required) throw new BadInputError(option.required);
      continue;
    }
    const name = nameOf(option.variable);
    if (owner.name !== platform) throw settingError(name, given, option.refusedOn(platform));
    env[option.variable] = option.check(given, name, env);
  }
}

/** The platforms the cluster flags apply to, the first named when one is given elsewhere. */
const PLATFORMS_ON_A_CLUSTER = PLATFORMS.filter((p) => p.runsOn === 'kubernetes-cluster').map((p) => p.name);

/** A resume command whose program is a path must name a file that can run (a typo fails now, not after a deploy). */
/**
 * A platform whose own controller decides what a restarted job restores (its restoreSemantics, per
 * mode) never runs a resume command: one given there is refused, not silently ignored.
 */
function checkResumeCommandUsed(env: NodeJS.ProcessEnv, platform: PlatformName, name: string): void {
  const command = env.FRH_RESUME_COMMAND;
  const semantics = platformDescriptor(platform).restoreSemantics;
  if (command === undefined || semantics === undefined) return;
  throw settingError(name, command, `the ${platform} platform never runs it: its own controller decides how a job stops and what it restores (by mode: ${Object.keys(semantics).join(', ')}); leave it out`);
}

function checkResumeCommand(command: string | undefined, name: string): void {
  if (command === undefined) return;
  const program = command.trim().split(/\s+/)[0] ?? '';
  if (!program) throw settingError(name, command, 'is empty: give the command that prints the snapshot to resume from');
  if (!program.includes('/')) return;
  try {
    accessSync(resolve(program), constants.X_OK);
  } catch {
    throw settingError(name, command, `${program} is not an executable file`);
  }
}

function clusterNames(nameOf: (variable: string) => string): ClusterSettingNames {
  return { provider: nameOf('FRH_CLUSTER_PROVIDER'), name: nameOf('FRH_CLUSTER_NAME'), kubeconfig: nameOf('FRH_KUBECONFIG'), context: nameOf('FRH_KUBE_CONTEXT') };
}

/** A folder the run can create (or already has) and write into. */
function checkWritableFolder(folder: string, name: string, given: string | undefined): void {
  let existing = folder;
  while (!existsSync(existing)) existing = dirname(existing);
  const complain = (problem: string): BadInputError => (given === undefined ? new BadInputError(`report folder ${folder}: ${problem}`) : settingError(name, given, problem));
  if (!statSync(existing).isDirectory()) throw complain(`${existing} is not a folder`);
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw complain(`${existing} is not writable`);
  }
}

/** `frh report [RUN_DIR]`: a run's folder, reports/latest by default. */
export function reportFolderToRender(args: ParsedArgs, env: NodeJS.ProcessEnv): string {
  if (args.flags.has('runs')) throw new BadInputError('--runs goes with --history (frh report --history [REPORTS-FOLDER ...] --runs N)');
  if (args.positional.length > 1) throw new BadInputError(`report takes one run folder, not ${args.positional.length}`);
  const folder = resolve(args.positional[0] ?? resolve(reportRoot(env), 'latest'));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new BadInputError(`report folder ${folder}: no such folder (give reports/<run>)`);
  return folder;
}

export const MAX_HISTORY_RUNS = 10_000;

/**
 * `frh report --history [REPORTS ...] [--runs N]`: report roots (reports/ by default), e.g. one per CI
 * shard or per clone, read as one history of their last N runs (HISTORY_RUNS by default).
 */
export function historyRequest(args: ParsedArgs, env: NodeJS.ProcessEnv): { folders: string[]; runs: number } {
  const folders = (args.positional.length > 0 ? args.positional : [reportRoot(env)]).map((f) => resolve(f));
  for (const folder of folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new BadInputError(`report folder ${folder}: no such folder (give reports/)`);
  }
  const given = args.flags.get('runs');
  if (given === undefined) return { folders, runs: HISTORY_RUNS };
  const runs = Number(given);
  if (typeof given !== 'string' || !/^\d+$/.test(given) || runs < 1 || runs > MAX_HISTORY_RUNS) throw new BadInputError(`--runs ${String(given)}: give a whole number of runs from 1 to ${MAX_HISTORY_RUNS}`);
  return { folders, runs };
}

/** `frh leak-check [FOLDER]`: a run's folder, reports/latest by default. */
export function reportFolderToCheck(args: ParsedArgs, env: NodeJS.ProcessEnv): string {
  if (args.positional.length > 1) throw new BadInputError(`leak-check takes one report folder, not ${args.positional.length}`);
  const folder = resolve(args.positional[0] ?? resolve(reportRoot(env), 'latest'));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new BadInputError(`report folder ${folder}: no such folder (give reports/<run>)`);
  return folder;
}
