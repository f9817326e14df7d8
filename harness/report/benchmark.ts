// Where a scenario's time goes: the median of each phase across the scenario runs of one or more
// runs, and from Flink's restore to the verdict. `scripts/benchmark.ts` prints it for a fresh run
// or puts two runs side by side (before and after a change).
import type { ScenarioResult } from './results.ts';

/** The phases a scenario run records (run-scenario.ts), in the order they happen. */
export const PHASES = ['deploy', 'running', 'before-fault', 'fault', 'restore', 'checks'] as const;

/**
 * The steps from Flink's restore to the verdict, in order (observe.ts records when each ended):
 * every task running again (after a TaskManager kill, once the platform has brought one back;
 * not recorded when the first checkpoint came before the harness saw them all running), the
 * first checkpoint after the restore triggered and completed (Flink's clock), the harness seeing
 * it, every witness read.
 */
export const AFTER_RESTORE_MARKS = ['tasks-running', 'checkpoint-triggered', 'checkpoint-completed', 'checkpoint-seen', 'witnesses-read'] as const;

export interface PhaseMedians {
  /** Scenario runs that reached a verdict with every phase timed. */
  runs: number;
  /** Median milliseconds per phase. */
  phases: Record<string, number>;
  /** Median milliseconds from the restore Flink reported to the verdict. */
  restoreToVerdict: number | undefined;
  /** Median milliseconds from the restore to the end of each AFTER_RESTORE_MARKS step. */
  afterRestore: Record<string, number>;
  /** Median milliseconds of the whole scenario run. */
  total: number;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Medians over the runs that were timed to the end (a run that ended in an error before its
 * checks says nothing about the speed of a verdict). `restoredAt` is on Flink's clock, which the
 * harness measured within milliseconds of the host's on these platforms.
 */
export function phaseMedians(results: readonly ScenarioResult[]): PhaseMedians {
  const timed = results.filter((r) => PHASES.every((p) => typeof r.timings.phases?.[p] === 'number'));
  const phases: Record<string, number> = {};
  for (const p of PHASES) {
    const m = median(timed.map((r) => r.timings.phases[p]!));
    if (m !== undefined) phases[p] = m;
  }
  const restored = timed.filter((r) => r.timings.restoredAt !== undefined);
  const restoreToVerdict = median(restored.map((r) => r.timings.finishedAt - r.timings.restoredAt!));
  const afterRestore: Record<string, number> = {};
  for (const mark of AFTER_RESTORE_MARKS) {
    const m = median(restored.filter((r) => r.timings.afterRestore?.[mark] !== undefined).map((r) => r.timings.afterRestore![mark]! - r.timings.restoredAt!));
    if (m !== undefined) afterRestore[mark] = m;
  }
  return { runs: timed.length, phases, restoreToVerdict, afterRestore, total: median(timed.map((r) => r.timings.finishedAt - r.timings.startedAt)) ?? 0 };
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

/** A table: one column per labelled set of results (e.g. before, after), one row per phase. */
export function formatPhaseTable(columns: ReadonlyArray<[label: string, results: readonly ScenarioResult[]]>): string {
  const medians = columns.map(([label, results]) => [label, phaseMedians(results)] as const);
  const rows: string[][] = [['median', ...medians.map(([label, m]) => `${label} (${m.runs} run${m.runs === 1 ? '' : 's'})`)]];
  for (const p of PHASES) rows.push([p, ...medians.map(([, m]) => seconds(m.phases[p]))]);
  for (const mark of AFTER_RESTORE_MARKS) {
    if (medians.some(([, m]) => m.afterRestore[mark] !== undefined)) rows.push([`restore -> ${mark}`, ...medians.map(([, m]) => seconds(m.afterRestore[mark]))]);
  }
  rows.push(['restore -> verdict', ...medians.map(([, m]) => seconds(m.restoreToVerdict))]);
  rows.push(['whole scenario', ...medians.map(([, m]) => seconds(m.runs > 0 ? m.total : undefined))]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
