// `frh soak`: a seeded schedule of faults against one deployment (on each platform whose descriptor
// says a soak runs there), each recovery judged and reported like a scenario (reports/<run>/:
// results.json, junit.xml, HTML, a repro bundle per miss), then a summary table and the exit code
// of the worst unexpected verdict.
// `--dry-run` prints the schedule only.
import { randomInt } from 'node:crypto';
import { describeRestorePoint } from '../oracle/snapshot.ts';
import type { Platform } from '../platforms/platform.ts';
import { platformDescriptor } from '../platforms/registry.ts';
import { resumeSettingsFor } from '../scenario/resume-settings.ts';
import { flinkVersions, platformName, runIdFrom } from '../scenario/environment.ts';
import { RunReport, type ScenarioResult } from '../report/results.ts';
import { EXIT_CODES, runExitCode } from '../judge/verdict.ts';
import { formatVerdictCounts } from '../report/console.ts';
import { settingError } from '../support/errors.ts';
import type { ParsedArgs } from './options.ts';
import { reportRoot } from './settings.ts';
import { runSoak, type SoakOutcome } from '../soak/run-soak.ts';
import {
  DEFAULT_MIN_GAP_SECONDS, DEFAULT_SOAK_FAULTS, SOAK_PLATFORMS, formatSchedule, formatSeconds, injectableOn, parseDuration, parseSeed, parseSoakFaults, soakSchedule,
  type ScheduleInput, type ScheduledFault, type SoakPlatform,
} from '../soak/schedule.ts';

const DEFAULT_DURATION = '30m';
export const DURATION_LIMITS = { min: 60, max: 24 * 3600 };
export const MIN_GAP_LIMITS = { min: 20, max: 3600 };

export interface SoakOptions {
  seed: number;
  /** True when no --seed was given (a seed was drawn; the summary prints it to run the same soak again). */
  seedDrawn: boolean;
  durationSeconds: number;
  minGapSeconds: number;
  faults: string[];
  platform: SoakPlatform;
  flinkVersion: string;
  dryRun: boolean;
}

/** The soak's flags, checked; every mistake is one BadInputError line (exit 2). */
export function soakOptions(args: ParsedArgs, env: NodeJS.ProcessEnv, nameOf: (variable: string) => string = (v) => v): SoakOptions {
  if (args.positional.length > 0) throw settingError('soak', args.positional.join(' '), 'takes no positional arguments (use --seed, --duration, --faults)');
  const flag = (name: string): string | undefined => {
    const value = args.flags.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const givenSeed = flag('seed');
  const durationSeconds = parseDuration(flag('duration') ?? DEFAULT_DURATION, '--duration', DURATION_LIMITS);
  const minGapSeconds = flag('min-gap') !== undefined ? parseDuration(flag('min-gap')!, '--min-gap', MIN_GAP_LIMITS) : DEFAULT_MIN_GAP_SECONDS;
  if (durationSeconds < 2 * minGapSeconds) {
    throw settingError('--duration', flag('duration') ?? DEFAULT_DURATION, `leaves no time for a fault: give at least twice the minimum gap (${formatSeconds(2 * minGapSeconds)})`);
  }
  const platform = platformName(env, nameOf('FRH_PLATFORM'));
  const soak = platformDescriptor(platform).soak;
  if (!soak.runs) throw settingError(nameOf('FRH_PLATFORM'), platform, `a soak runs on ${[SOAK_PLATFORMS.slice(0, -1).join(', '), ...SOAK_PLATFORMS.slice(-1)].filter(Boolean).join(' or ')} (${soak.why})`);
  const soakPlatform = platform as SoakPlatform;
  const defaults = soak.defaultFaults ?? DEFAULT_SOAK_FAULTS;
  const faults = flag('faults') !== undefined ? parseSoakFaults(flag('faults')!, '--faults', soakPlatform) : defaults.filter((f) => injectableOn(soakPlatform).includes(f));
  const versions = flinkVersions(env, nameOf('FRH_FLINK_VERSIONS'));
  if (versions.length > 1) throw settingError(nameOf('FRH_FLINK_VERSIONS'), versions.join(','), 'a soak runs one Flink version');
  return {
    seed: givenSeed !== undefined ? parseSeed(givenSeed, '--seed') : randomInt(0, 2 ** 31),
    seedDrawn: givenSeed === undefined,
    durationSeconds,
    minGapSeconds,
    faults,
    platform: soakPlatform,
    flinkVersion: versions[0]!,
    dryRun: args.flags.has('dry-run'),
  };
}

export function scheduleOf(options: SoakOptions): ScheduledFault[] {
  return soakSchedule(scheduleInputOf(options));
}

export function scheduleInputOf(options: Pick<SoakOptions, 'seed' | 'durationSeconds' | 'faults' | 'minGapSeconds' | 'platform'>): ScheduleInput {
  return { seed: options.seed, durationSeconds: options.durationSeconds, faults: options.faults, injectable: injectableOn(options.platform), minGapSeconds: options.minGapSeconds };
}

/** `env` is the validated environment (validate.ts). */
export async function runSoakCommand(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<number> {
  const options = soakOptions(args, env);
  const schedule = scheduleOf(options);
  process.stdout.write(`${formatSchedule(options.seed, options.durationSeconds, schedule)}\n`);
  if (options.dryRun) return 0;
  const { exitCode } = await executeSoak(options, schedule, env);
  return exitCode;
}

export interface SoakExecution {
  outcome: SoakOutcome;
  exitCode: number;
}

/**
 * Runs `schedule` (the soak's, or a repro's first faults of it) on the options' platform, reporting
 * every judged fault into reports/<run>/ with what reruns it, then prints the summary table.
 */
export async function executeSoak(options: SoakOptions, schedule: readonly ScheduledFault[], env: NodeJS.ProcessEnv): Promise<SoakExecution> {
  const runId = runIdFrom(env);
  const reportDir = reportRoot(env);
  const report = new RunReport(reportDir, runId);
  const startedAt = Date.now();
  // Set once the platform exists: what removes everything this run made (by its run id, nothing else).
  let removeRun: (() => Promise<unknown>) | undefined;
  // Ctrl-C: remove the run's containers or namespaces before exiting; a harder end (SIGKILL) is the
  // reaper's, started with the first labelled container or owned namespace.
  const interrupt = (signal: NodeJS.Signals): void => {
    process.stderr.write(`frh: ${signal}: removing the soak's ${platformDescriptor(options.platform).cleanup.leaves} (run ${runId})\n`);
    void (removeRun?.() ?? Promise.resolve()).catch(() => 0).finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let outcome: SoakOutcome;
  try {
    const platform = await soakPlatform(options, runId, env);
    removeRun = platform.removeRun;
    outcome = await runSoak({
      seed: options.seed,
      platform: platform.platform,
      flinkVersion: options.flinkVersion,
      // A fault that ends the job is brought back by the platform's own resume, set up as the
      // scenarios that cancel or stop a job set theirs: LATEST_STATE, or the team's resume command.
      resume: resumeSettingsFor({ strategy: 'LATEST_STATE' }, env),
      schedule,
      onResult: (result, scheduled) => report.add(result, {
        env: { ...env, FRH_RUN_ID: runId },
        soak: { seed: options.seed, durationSeconds: options.durationSeconds, faults: options.faults, minGapSeconds: options.minGapSeconds, index: scheduled.index },
      }),
    });
  } finally {
    await removeRun?.().catch(() => 0);
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  process.stdout.write(`${formatSoakSummary(options, schedule, outcome, Date.now() - startedAt, `${reportDir}/${runId}`)}\n`);
  const worst = runExitCode(outcome.results);
  // Faults never injected were never judged: the soak proved less than its schedule promised.
  return { outcome, exitCode: worst === EXIT_CODES.PASS && outcome.results.length < schedule.length ? EXIT_CODES.INFRA_ERROR : worst };
}

/** The platform to deploy on, and what removes every part of this run from it. */
async function soakPlatform(options: SoakOptions, runId: string, env: NodeJS.ProcessEnv): Promise<{ platform: Platform; removeRun: () => Promise<unknown> }> {
  // On a cluster: the one the suite would use (--provider, --kubeconfig, --context), up and holding the images.
  const platform = await platformDescriptor(options.platform).create({ runId, env, flinkVersions: [options.flinkVersion] });
  return { platform, removeRun: () => platformDescriptor(options.platform).cleanup.sweep({ runId, env }) };
}

/** The table a person reads at the end: per fault its times, what was expected and restored, the verdict. */
export function formatSoakSummary(options: SoakOptions, schedule: readonly ScheduledFault[], outcome: SoakOutcome, wallMs: number, reportFolder: string): string {
  const results = outcome.results;
  const lines = [
    `soak seed ${options.seed}${options.seedDrawn ? ' (drawn; pass --seed to run this schedule again)' : ''}: ${results.length} of ${schedule.length} fault(s) judged in ${formatSeconds(Math.round(wallMs / 1000))}: ${formatVerdictCounts(results)}`,
    '   #  due      injected  fault                 expected          restored          verdict',
  ];
  for (const scheduled of schedule) {
    const result: ScenarioResult | undefined = results.find((r) => (r.evidence.soak as { index?: number } | undefined)?.index === scheduled.index);
    const injected = (result?.evidence.soak as { injectedAtSeconds?: number } | undefined)?.injectedAtSeconds;
    const point = (p: ScenarioResult['expected'] | undefined): string => (p ? (p.kind === 'none' ? 'none' : `${p.kind} ${p.id}`) : '?');
    lines.push(`  ${String(scheduled.index).padStart(2)}  ${formatSeconds(scheduled.atSeconds).padEnd(7)}  ${(injected !== undefined ? formatSeconds(injected) : '-').padEnd(8)}  ${scheduled.fault.padEnd(20)}  ${(result ? point(result.expected) : '-').padEnd(16)}  ${(result ? point(result.observed) : '-').padEnd(16)}  ${result?.verdict ?? 'not injected'}`);
    if (result && result.verdict !== 'PASS') lines.push(`      ${result.explanation}`);
    for (const failure of result?.assertionFailures ?? []) lines.push(`      assertion failed: ${failure}`);
  }
  if (outcome.stoppedEarly) lines.push(`stopped early: ${outcome.stoppedEarly}`);
  const firstMiss = results.find((r) => r.verdict !== 'PASS');
  if (firstMiss?.expected && firstMiss.observed) lines.push(`first miss: ${firstMiss.id}: expected ${describeRestorePoint(firstMiss.expected)}, restored ${describeRestorePoint(firstMiss.observed)}`);
  lines.push(`report: ${reportFolder} (results.json, junit.xml, index.html)`);
  return lines.join('\n');
}
