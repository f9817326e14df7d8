// What a soak does and when: a seeded, reproducible list of faults at times. Pure: the same seed,
// duration, gap and fault kinds give the same schedule on every machine, so a soak that found a bad
// restore can be run again fault for fault.
import { cancelJob, killJobManager, killTaskManager, replaceJobManager, stopWithSavepoint, suspendJob, upgradeJob } from '../faults/index.ts';
import type { RestoreStrategy } from '../oracle/snapshot.ts';
import type { Fault } from '../faults/index.ts';
import { PLATFORMS, platformDescriptor } from '../platforms/registry.ts';
import { deploymentTemplate } from '../platforms/abilities.ts';
import { reconcilesJobSpec } from '../platforms/platform.ts';
import { cannotInject } from '../faults/injectable.ts';
import { settingError } from '../support/errors.ts';

/**
 * A fault a soak can inject. One deployment lives through all of them; who brings the job back
 * decides how its restore is judged:
 * - `failover`: the platform recovers the job in place (FAILOVER: the newest checkpoint);
 * - `resume`: the fault ended the job (cancel, stop-with-savepoint) and the harness's resume brings it
 *   back, as scenarios 03 and 05 resume theirs (LATEST_STATE);
 * - `controller`: the user changed the spec (suspend and resume, an upgrade) and the platform's own
 *   controller stops the job and starts the next one: judged by what the platform says its controller
 *   restores in the deployment's mode (its descriptor's restoreSemantics, e.g. the Operator's
 *   upgradeMode last-state → LAST_STATE), as the platform's own scenarios are.
 * Which platforms can inject it is theirs to say (platforms/abilities.ts, faults/injectable.ts), not listed here.
 */
export type SoakFaultKind = {
  /** The name `--faults` takes. */
  name: string;
  make(): Fault;
  /** What the judged restore should be, in words (the result's title). */
  restores: string;
} & (
  | { recovery: 'failover' | 'resume'; /** The restore strategy the fault is judged under. */ strategy: RestoreStrategy }
  | { recovery: 'controller' }
);

export const SOAK_FAULTS: readonly SoakFaultKind[] = [
  { name: 'taskmanager', make: () => killTaskManager(), recovery: 'failover', strategy: 'FAILOVER', restores: 'restores the newest checkpoint' },
  { name: 'jobmanager', make: () => killJobManager(), recovery: 'failover', strategy: 'FAILOVER', restores: 'restores the newest checkpoint' },
  { name: 'jobmanager-replaced', make: () => replaceJobManager(), recovery: 'failover', strategy: 'FAILOVER', restores: 'restores the newest checkpoint' },
  { name: 'cancel', make: () => cancelJob(), recovery: 'resume', strategy: 'LATEST_STATE', restores: 'resumed with LATEST_STATE, restores the newest retained checkpoint' },
  { name: 'stop-with-savepoint', make: () => stopWithSavepoint(), recovery: 'resume', strategy: 'LATEST_STATE', restores: 'resumed with LATEST_STATE, restores that savepoint' },
  { name: 'suspend', make: () => suspendJob(), recovery: 'controller', restores: "set running again, restores what the controller's mode promises" },
  // Each upgrade flips the parallelism (2 → 1, then back), so every one is a real change of the
  // running job's spec, and the restored state is redistributed each time.
  {
    name: 'upgrade', make: () => upgradeJob((running) => ({ parallelism: running.parallelism === 1 ? 2 : 1 })), recovery: 'controller',
    restores: "parallelism changed in the spec (2 ↔ 1), restores what the controller's mode promises",
  },
];
/** The platforms a soak deploys on (a platform that cannot host one says why not). */
export const SOAK_PLATFORMS: readonly string[] = PLATFORMS.filter((p) => p.soak.runs).map((p) => p.name);
/** A name from SOAK_PLATFORMS. */
export type SoakPlatform = string;
type PlatformName = string;

export const DEFAULT_SOAK_FAULTS = ['taskmanager', 'jobmanager'];
export const DEFAULT_MIN_GAP_SECONDS = 45;

export interface ScheduledFault {
  /** 1-based position in the soak. */
  index: number;
  /** Seconds after the soak's start (the job running with checkpoints) at which the fault is due. */
  atSeconds: number;
  fault: string;
}

export interface ScheduleInput {
  seed: number;
  durationSeconds: number;
  /** Fault names allowed (`--faults`). */
  faults: readonly string[];
  /** Fault names the platform can inject; the schedule draws only from allowed ∩ injectable. */
  injectable: readonly string[];
  /** Least time between two faults: recovery plus at least one checkpoint of the recovered job. */
  minGapSeconds: number;
}

/**
 * mulberry32: a 32-bit state, good enough spread for picking times and faults, and the same numbers
 * in every JavaScript engine (only 32-bit integer arithmetic). Returns floats in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Faults at random times: each gap is drawn from [minGap, 1.5 × minGap] (whole seconds), the first
 * counted from the soak's start; the last fault still leaves a minimum gap before the end so its
 * recovery is judged within the duration. Each fault is drawn from the allowed, injectable kinds.
 */
export function soakSchedule(input: ScheduleInput): ScheduledFault[] {
  const kinds = input.faults.filter((f) => input.injectable.includes(f));
  if (kinds.length === 0) return [];
  const random = seededRandom(input.seed);
  const schedule: ScheduledFault[] = [];
  let at = 0;
  for (;;) {
    at += input.minGapSeconds + Math.floor(random() * (Math.floor(input.minGapSeconds / 2) + 1));
    if (at + input.minGapSeconds > input.durationSeconds) return schedule;
    const fault = kinds[Math.floor(random() * kinds.length)]!;
    schedule.push({ index: schedule.length + 1, atSeconds: at, fault });
  }
}

/** The fault names a soak on `platform` can draw, as its deployments' abilities say. */
export function injectableOn(platform: PlatformName): string[] {
  return SOAK_FAULTS.filter((f) => cannotDraw(platform, f) === undefined).map((f) => f.name);
}

/**
 * Why a soak on `platform` cannot inject `kind`, or undefined when it can: the fault's own ability
 * check, then who would bring the job back. Where the platform's own controller reconciles the job
 * from its spec, a job someone ended over Flink's REST is the controller's to bring back or not (the
 * Flink Kubernetes Operator 1.7 leaves a cancelled job ended), so the harness's resume cannot; and a
 * controller's restore is judged only on a platform that says what its controller restores.
 */
export function cannotDraw(platform: PlatformName, kind: SoakFaultKind): string | undefined {
  const why = cannotInject(platform, kind.make());
  if (why) return why;
  if (kind.recovery === 'resume' && reconcilesJobSpec(deploymentTemplate(platform))) {
    return "its own controller, not the harness's resume, decides whether a job ended over Flink's REST comes back: suspend or upgrade it through its spec instead";
  }
  if (kind.recovery === 'controller' && !platformDescriptor(platform).restoreSemantics) return 'its descriptor says nothing of what its controller restores (restoreSemantics)';
  return undefined;
}

/**
 * The strategy a fault of `kind` is judged under on `platform`; `mode` is the deployment's own mode
 * for its controller (the Operator's upgradeMode), read from the deployment once it runs.
 */
export function soakStrategy(kind: SoakFaultKind, platform: PlatformName, mode: string | undefined): RestoreStrategy {
  if (kind.recovery !== 'controller') return kind.strategy;
  const strategy = mode === undefined ? undefined : platformDescriptor(platform).restoreSemantics?.[mode];
  if (!strategy) throw new Error(`the ${platform} platform does not say what its controller restores in mode ${mode ?? '(none)'}: fault ${kind.name} cannot be judged`);
  return strategy;
}

/** The id of a soak fault's result: `soak-<seed>-<k>-<fault>`. */
export function soakResultId(seed: number, scheduled: ScheduledFault): string {
  return `soak-${seed}-${scheduled.index}-${scheduled.fault}`;
}

/**
 * The schedule a repro runs: the soak's own (the same seed, duration, gap and faults give the same
 * faults at the same times) up to and including fault `index`; what came after it cannot matter.
 */
export function soakScheduleUpTo(input: ScheduleInput, index: number): ScheduledFault[] {
  return soakSchedule(input).slice(0, index);
}

export function soakFaultKind(name: string): SoakFaultKind {
  const kind = SOAK_FAULTS.find((f) => f.name === name);
  if (!kind) throw new Error(`no soak fault named ${name}`);
  return kind;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** `30s`, `10m`, `1h` (a whole number and a unit) as seconds; `name` is the flag to quote. */
export function parseDuration(given: string, name: string, limits: { min: number; max: number }): number {
  const match = /^(\d+)([smh])$/.exec(given.trim());
  if (!match) throw settingError(name, given, 'give a whole number and a unit: s, m or h (e.g. 30s, 10m, 1h)');
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  if (seconds < limits.min || seconds > limits.max) throw settingError(name, given, `must be from ${formatSeconds(limits.min)} to ${formatSeconds(limits.max)}`);
  return seconds;
}

/** A seed: a whole number from 0 to 2^32 - 1 (the PRNG's state). */
export function parseSeed(given: string, name: string): number {
  const trimmed = given.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > 0xffffffff) throw settingError(name, given, 'give a whole number from 0 to 4294967295');
  return Number(trimmed);
}

/** A comma-separated list of soak fault names, each one the platform can inject. */
export function parseSoakFaults(given: string, name: string, platform: PlatformName): string[] {
  const names = given.split(',').map((f) => f.trim()).filter(Boolean);
  if (names.length === 0) throw settingError(name, given, `names no fault; known: ${SOAK_FAULTS.map((f) => f.name).join(', ')}`);
  for (const fault of names) {
    const kind = SOAK_FAULTS.find((f) => f.name === fault);
    if (!kind) throw settingError(name, given, `unknown fault "${fault}"; known: ${SOAK_FAULTS.map((f) => f.name).join(', ')}`);
    const why = cannotDraw(platform, kind);
    if (why) throw settingError(name, given, `the ${platform} platform cannot inject ${fault} (${why})`);
  }
  return [...new Set(names)];
}

/** 90 → "1m30s", 600 → "10m". */
export function formatSeconds(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

/** The schedule as lines a person reads (and compares between two runs of the same seed). */
export function formatSchedule(seed: number, durationSeconds: number, schedule: readonly ScheduledFault[]): string {
  const lines = [`soak seed ${seed}, duration ${formatSeconds(durationSeconds)}: ${schedule.length} fault(s)`];
  for (const s of schedule) lines.push(`  ${String(s.index).padStart(2)}  at ${formatSeconds(s.atSeconds).padStart(7)}  ${s.fault}`);
  return lines.join('\n');
}
