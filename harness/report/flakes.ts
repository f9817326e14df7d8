// The flake table of a run under `frh suite --repeat N`: per scenario (id, platform, Flink version),
// how many of its runs ended as intended and which verdicts they ended in.
import type { ScenarioResult } from './results.ts';
import { scenarioKey } from './run-files.ts';
import type { Verdict } from '../judge/verdict.ts';
import { countVerdicts, shortfallOf } from '../judge/verdict.ts';

export interface FlakeRow {
  /** id [platform, Flink version] */
  scenario: string;
  runs: number;
  asIntended: number;
  /** Each verdict seen and how often, in the order of VERDICTS. */
  seen: Array<[Verdict, number]>;
}

/** Per scenario (id, platform, Flink version), in the order they first ran: its runs, how many ended as intended, the verdicts seen. */
export function flakeRows(results: readonly ScenarioResult[]): FlakeRow[] {
  const rows = new Map<string, { runs: number; asIntended: number; verdicts: ScenarioResult[] }>();
  for (const r of results) {
    const key = scenarioKey(r);
    const row = rows.get(key) ?? { runs: 0, asIntended: 0, verdicts: [] };
    row.runs++;
    if (shortfallOf(r) === undefined) row.asIntended++;
    row.verdicts.push(r);
    rows.set(key, row);
  }
  return [...rows].map(([scenario, row]) => ({ scenario, runs: row.runs, asIntended: row.asIntended, seen: countVerdicts(row.verdicts) }));
}

/** Whether any scenario of the run ran more than once (`--repeat`): only then is a flake table worth printing. */
export function hasRepetitions(results: readonly ScenarioResult[]): boolean {
  return flakeRows(results).some((row) => row.runs > 1);
}

/**
 * The flake table of a run with repetitions: a scenario that ended as intended only some of the
 * times is marked FLAKY, one that never did NEVER.
 */
export function formatFlakeTable(results: readonly ScenarioResult[]): string {
  const rows = flakeRows(results);
  const width = Math.max('scenario'.length, ...rows.map((row) => row.scenario.length));
  const lines = [`flake table: ${rows.length} scenario(s), ${results.length} run(s)`, `${'scenario'.padEnd(width)}  runs  as intended    verdicts seen`];
  for (const row of rows) {
    const mark = row.asIntended === row.runs ? '' : row.asIntended === 0 ? ' NEVER' : ' FLAKY';
    lines.push(`${row.scenario.padEnd(width)}  ${String(row.runs).padStart(4)}  ${`${row.asIntended}/${row.runs}${mark}`.padEnd(13)}  ${row.seen.map(([verdict, count]) => `${verdict}×${count}`).join(' ')}`);
  }
  return lines.join('\n');
}
