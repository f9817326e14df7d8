// The run summary a person reads at the end of `frh suite`.
import { describeRestorePoint } from '../oracle/snapshot.ts';
import type { RunResults } from './results.ts';
import { countVerdicts, shortfallOf } from '../judge/verdict.ts';
import type { VerdictOutcome } from '../judge/verdict.ts';
import { formatFlakeTable, hasRepetitions } from './flakes.ts';
export { loadRun } from './results.ts';

/**
 * A line counting each verdict class, then one line per scenario (verdict, duration, expected →
 * observed) with the explanation of misses and every failed assertion.
 */
export function formatRun(run: RunResults): string {
  const lines = [`run ${run.runId}: ${run.results.length} scenario(s): ${formatVerdictCounts(run.results)}`];
  for (const r of run.results) {
    const mark = shortfallOf(r) === undefined ? 'ok ' : 'NOT';
    const seconds = Math.round((r.timings.finishedAt - r.timings.startedAt) / 1000);
    const expected = r.expected ? describeRestorePoint(r.expected) : '?';
    const observed = r.observed ? describeRestorePoint(r.observed) : '?';
    const run = r.repetition ? ` run ${r.repetition}` : '';
    lines.push(`${mark} ${r.verdict.padEnd(16)} ${String(seconds).padStart(4)} s  ${r.id}${run} [${r.platform}, Flink ${r.flinkVersion}]  expected ${expected}, observed ${observed}`);
    if (r.verdict !== r.expectedVerdict) lines.push(`      ${r.explanation}`);
    for (const failure of r.assertionFailures ?? []) lines.push(`      assertion failed: ${failure}`);
    if (r.kept) lines.push(`      kept (--keep): ${r.kept.where}`);
  }
  return lines.join('\n');
}

/** "PASS 8, RESTORE_MISMATCH 1": how many scenarios ended in each verdict. */
export function formatVerdictCounts(outcomes: readonly Pick<VerdictOutcome, 'verdict'>[]): string {
  return countVerdicts(outcomes).map(([verdict, count]) => `${verdict} ${count}`).join(', ') || 'none';
}

/** How to reach each deployment `--keep` left up; empty when none was kept. */
export function formatKept(run: RunResults): string {
  const kept = run.results.filter((r) => r.kept);
  if (kept.length === 0) return '';
  const lines = [`kept ${kept.length} deployment(s) of scenarios that did not end as intended (--keep); they stay until removed:`];
  for (const r of kept) {
    const { where, access, removeWith } = r.kept!;
    lines.push(`  ${r.id} [${r.platform}, Flink ${r.flinkVersion}] (${r.verdict}, intended ${r.expectedVerdict}): ${where}`);
    const width = Math.max(...access.map((a) => a.what.length), 'remove'.length) + 2;
    for (const { what, how } of access) lines.push(`    ${`${what}:`.padEnd(width)}${how}`);
    lines.push(`    ${'remove:'.padEnd(width)}${removeWith}`);
  }
  return lines.join('\n');
}

export function printRun(run: RunResults): void {
  process.stdout.write(`${formatRun(run)}\n`);
  // Instructions for a person, not results: stderr, with the progress lines.
  const kept = formatKept(run);
  if (kept) process.stderr.write(`${kept}\n`);
  if (hasRepetitions(run.results)) process.stdout.write(`\n${formatFlakeTable(run.results)}\n`);
}
