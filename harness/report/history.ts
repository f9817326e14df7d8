// Each scenario's verdicts across the last runs of a report root (reports/): as text for
// `frh report --history`, and as the history section of a run's index.html.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun, scenarioKey } from './run-files.ts';
import type { RunResults, ScenarioResult } from './results.ts';
import type { Verdict } from '../judge/verdict.ts';

export const HISTORY_RUNS = 30;

export interface HistoryOutcome {
  verdict: Verdict;
  expectedVerdict: Verdict;
  assertionFailures?: string[];
}

export interface History {
  /** Oldest first. */
  runs: Array<{ runId: string; startedAt: number }>;
  scenarios: Array<{
    /** id [platform, Flink version] */
    key: string;
    /** One per run (same order as runs); undefined where the run did not have the scenario. */
    verdicts: Array<HistoryOutcome | undefined>;
    runs: number;
    asIntended: number;
    /** Each verdict seen and how often, most frequent first. */
    seen: Array<[Verdict, number]>;
  }>;
}


/** The run folders under a report root (reports/latest and other links to a run counted once). */
export function runIdsUnder(rootDir: string): string[] {
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const entry of readdirSync(rootDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'latest' || entry.isSymbolicLink()) continue;
    if (!entry.isDirectory()) continue;
    const scenarios = join(rootDir, entry.name, 'scenarios');
    if (!statSync(scenarios, { throwIfNoEntry: false })?.isDirectory()) continue;
    const real = realpathSync(join(rootDir, entry.name));
    if (seen.has(real)) continue;
    seen.add(real);
    ids.push(entry.name);
  }
  return ids;
}

/** The last `limit` runs under rootDir by start time, oldest first; `current` replaces (or adds) the run it names. */
export function loadHistoryRuns(rootDir: string, limit = HISTORY_RUNS, current?: RunResults): RunResults[] {
  const runs: RunResults[] = [];
  // Cheap enough to run after every scenario: only the runs written to most recently are read.
  const modified = (id: string): number => statSync(join(rootDir, id, 'scenarios'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const newest = runIdsUnder(rootDir).filter((id) => !current || id !== current.runId)
    .map((id): [string, number] => [id, modified(id)]).sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0])).slice(0, limit).map(([id]) => id);
  for (const id of newest) {
    try {
      const run = loadRun(rootDir, id);
      if (run && run.results.length > 0) runs.push(run);
    } catch {
      // A run whose files are half-written or not ours: not part of the history.
    }
  }
  if (current) runs.push(current);
  runs.sort((a, b) => a.startedAt - b.startedAt || a.runId.localeCompare(b.runId));
  return runs.slice(-limit);
}

/**
 * The last `limit` runs of several report roots (CI shards, clones, machines) as one history. With
 * more than one root, each run is named by its root as given, since run ids can repeat across roots.
 */
export function loadHistoryOfFolders(rootDirs: readonly string[], limit = HISTORY_RUNS): RunResults[] {
  const many = rootDirs.length > 1;
  return rootDirs
    .flatMap((root) => loadHistoryRuns(root, limit).map((run) => (many ? { ...run, runId: `${root}/${run.runId}` } : run)))
    .sort((a, b) => a.startedAt - b.startedAt || a.runId.localeCompare(b.runId))
    .slice(-limit);
}

export function buildHistory(runs: readonly RunResults[]): History {
  const keys: string[] = [];
  const byKey = new Map<string, Array<HistoryOutcome | undefined>>();
  runs.forEach((run, index) => {
    for (const r of run.results) {
      const key = scenarioKey(r);
      if (!byKey.has(key)) {
        keys.push(key);
        byKey.set(key, new Array<HistoryOutcome | undefined>(runs.length).fill(undefined));
      }
      // A run with the scenario twice (--repeat): the worse outcome is what the column shows.
      const previous = byKey.get(key)![index];
      const outcome = { verdict: r.verdict, expectedVerdict: r.expectedVerdict, ...(r.assertionFailures?.length ? { assertionFailures: r.assertionFailures } : {}) };
      if (!previous || historyCell(previous) === '.') byKey.get(key)![index] = outcome;
    }
  });
  keys.sort();
  return {
    runs: runs.map((r) => ({ runId: r.runId, startedAt: r.startedAt })),
    scenarios: keys.map((key) => {
      const verdicts = byKey.get(key)!;
      const present = verdicts.filter((v): v is HistoryOutcome => v !== undefined);
      const counts = new Map<Verdict, number>();
      for (const v of present) counts.set(v.verdict, (counts.get(v.verdict) ?? 0) + 1);
      return {
        key,
        verdicts,
        runs: present.length,
        asIntended: present.filter((v) => historyCell(v) === '.').length,
        seen: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
      };
    }),
  };
}

const LETTERS: Record<Verdict, string> = { PASS: 'P', RESTORE_MISMATCH: 'M', STATE_LOSS: 'S', NO_RESTORE: 'N', TIMEOUT: 'T', INFRA_ERROR: 'I', BAD_INPUT: 'B' };

/** `.` ended as intended; the verdict's letter when not; `a` intended verdict but failed assertions; `-` not run. */
export function historyCell(outcome: HistoryOutcome | undefined): string {
  if (!outcome) return '-';
  if (outcome.verdict !== outcome.expectedVerdict) return LETTERS[outcome.verdict] ?? '?';
  return outcome.assertionFailures && outcome.assertionFailures.length > 0 ? 'a' : '.';
}

export function historyLegend(): string {
  return '. ended as intended · a intended verdict but an assertion failed · otherwise the verdict it ended in instead: P PASS (a failure was intended), M RESTORE_MISMATCH, S STATE_LOSS, N NO_RESTORE, T TIMEOUT, I INFRA_ERROR, B BAD_INPUT · - not run';
}

/** The text `frh report --history` prints. */
export function formatHistory(history: History): string {
  if (history.runs.length === 0) return 'no runs found';
  const lines = [`history of ${history.runs.length} run(s), oldest first:`];
  history.runs.forEach((r, i) => lines.push(`  ${String(i + 1).padStart(2)}  ${r.runId}  ${new Date(r.startedAt).toISOString()}`));
  lines.push('');
  const width = Math.max(8, ...history.scenarios.map((s) => s.key.length));
  const columns = history.runs.map((_, i) => String((i + 1) % 10)).join('');
  lines.push(`${'scenario'.padEnd(width)}  ${columns}  as intended  verdicts seen`);
  for (const s of history.scenarios) {
    const cells = s.verdicts.map(historyCell).join('');
    lines.push(`${s.key.padEnd(width)}  ${cells}  ${`${s.asIntended}/${s.runs}`.padEnd(11)}  ${s.seen.map(([v, n]) => `${v}×${n}`).join(' ')}`);
  }
  lines.push('', historyLegend());
  return lines.join('\n');
}
