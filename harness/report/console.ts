// The run summary a person reads at the end of `frh suite`.
import { describeRestorePoint } from '../oracle/snapshot.ts';
import type { RunResults } from './results.ts';
export { loadRun } from './results.ts';

/** One line per scenario (verdict, duration, expected → observed), then the explanation of misses. */
export function formatRun(run: RunResults): string {
  const lines = [`run ${run.runId}: ${run.results.length} scenario(s)`];
  for (const r of run.results) {
    const mark = r.verdict === r.expectedVerdict ? 'ok ' : 'NOT';
    const seconds = Math.round((r.timings.finishedAt - r.timings.startedAt) / 1000);
    const expected = r.expected ? describeRestorePoint(r.expected) : '?';
    const observed = r.observed ? describeRestorePoint(r.observed) : '?';
    lines.push(`${mark} ${r.verdict.padEnd(16)} ${String(seconds).padStart(4)} s  ${r.id} [${r.platform}, Flink ${r.flinkVersion}]  expected ${expected}, observed ${observed}`);
    if (r.verdict !== r.expectedVerdict) lines.push(`      ${r.explanation}`);
  }
  return lines.join('\n');
}

export function printRun(run: RunResults): void {
  process.stdout.write(`${formatRun(run)}\n`);
}
