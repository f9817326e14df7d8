import { describe, expect, it } from 'vitest';
import { formatPhaseTable, median, phaseMedians } from '../../../harness/report/benchmark.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';

const timed = (id: string, phases: Record<string, number>, restoreToVerdictMs?: number): ScenarioResult => {
  const startedAt = 1_000_000;
  const finishedAt = startedAt + Object.values(phases).reduce((a, b) => a + b, 0);
  return {
    id, title: id, platform: 'docker', flinkVersion: '2.1.0', verdict: 'PASS', expectedVerdict: 'PASS', expected: null, observed: null,
    explanation: '', checks: [], evidence: {},
    timings: { startedAt, finishedAt, phases, ...(restoreToVerdictMs !== undefined ? { restoredAt: finishedAt - restoreToVerdictMs } : {}) },
  } as ScenarioResult;
};
const phases = (deploy: number, checks: number) => ({ deploy, running: 5000, 'before-fault': 500, fault: 2000, restore: 3000, checks });

describe('the benchmark figures', () => {
  it('takes medians of odd and even counts', () => {
    expect(median([])).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives the median of each phase and of restore to verdict, over the runs timed to the end', () => {
    const errored = { ...timed('x', { deploy: 90_000 }), verdict: 'INFRA_ERROR' } as ScenarioResult;
    const m = phaseMedians([timed('a', phases(20_000, 8000), 9000), timed('a', phases(30_000, 4000), 5000), timed('b', phases(25_000, 6000), 7000), errored]);
    expect(m.runs).toBe(3);
    expect(m.phases).toEqual({ deploy: 25_000, running: 5000, 'before-fault': 500, fault: 2000, restore: 3000, checks: 6000 });
    expect(m.restoreToVerdict).toBe(7000);
    expect(m.total).toBe(41_500);
  });

  it('puts runs side by side, a row per phase', () => {
    const table = formatPhaseTable([['before', [timed('a', phases(20_000, 8000), 9000)]], ['after', [timed('a', phases(10_000, 2000), 2500)]]]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^median\s+before \(1 run\)\s+after \(1 run\)$/);
    expect(lines.find((l) => l.startsWith('deploy'))).toMatch(/20\.0 s\s+10\.0 s$/);
    expect(lines.find((l) => l.startsWith('restore -> verdict'))).toMatch(/9\.0 s\s+2\.5 s$/);
    expect(lines.find((l) => l.startsWith('whole scenario'))).toMatch(/38\.5 s\s+22\.5 s$/);
  });

  it('says where the time from the restore to the verdict goes, step by step', () => {
    const withMarks = (restoreToVerdictMs: number, triggered: number, seen: number): ScenarioResult => {
      const result = timed('a', phases(20_000, 8000), restoreToVerdictMs);
      const restoredAt = result.timings.restoredAt!;
      return { ...result, timings: { ...result.timings, afterRestore: { 'checkpoint-triggered': restoredAt + triggered, 'checkpoint-seen': restoredAt + seen } } };
    };
    const m = phaseMedians([withMarks(5000, 1000, 3000), withMarks(6000, 2000, 4000), withMarks(4000, 1500, 2000), timed('b', phases(1, 1), 3000)]);
    expect(m.afterRestore).toEqual({ 'checkpoint-triggered': 1500, 'checkpoint-seen': 3000 });
    const lines = formatPhaseTable([['after', [withMarks(5000, 1000, 3000)]]]).split('\n');
    expect(lines.find((l) => l.startsWith('restore -> checkpoint-triggered'))).toMatch(/1\.0 s$/);
    expect(lines.some((l) => l.startsWith('restore -> witnesses-read'))).toBe(false);
  });
});
