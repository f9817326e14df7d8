// Progress of `frh suite`: what it counts, how it estimates the time left, and the lines it writes
// as scenario result files appear in the run's folder.
import { describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { estimateRemainingMs, formatDuration, formatProgress, plannedScenarioRuns, watchSuiteProgress } from '../../../harness/cli/suite-progress.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = (id: string) => ({ id, platform: 'docker', flinkVersion: '2.1.0' });

describe('estimateRemainingMs', () => {
  const done = (id: string, ms: number) => ({ ...run(id), ms });

  it('takes each pending run at its median in earlier runs', () => {
    const earlier = new Map([['a [docker, Flink 2.1.0]', [100_000, 300_000, 120_000]], ['b [docker, Flink 2.1.0]', [60_000]]]);
    expect(estimateRemainingMs({ pending: [run('a'), run('a'), run('b')], earlier, finishedSoFar: [], parallel: 1 })).toBe(300_000);
  });

  it('scales the medians by how this run compares with them (a busy machine), within a factor of 3', () => {
    const earlier = new Map([['a [docker, Flink 2.1.0]', [100_000]], ['b [docker, Flink 2.1.0]', [60_000]]]);
    expect(estimateRemainingMs({ pending: [run('b')], earlier, finishedSoFar: [done('a', 150_000)], parallel: 1 })).toBe(90_000);
    expect(estimateRemainingMs({ pending: [run('b')], earlier, finishedSoFar: [done('a', 900_000)], parallel: 1 })).toBe(180_000);
  });

  it('falls back to the mean of this run so far for scenarios without history, and knows nothing before that', () => {
    const earlier = new Map([['a [docker, Flink 2.1.0]', [100_000]]]);
    expect(estimateRemainingMs({ pending: [run('a'), run('new')], earlier, finishedSoFar: [], parallel: 1 })).toBeUndefined();
    expect(estimateRemainingMs({ pending: [run('a'), run('new')], earlier, finishedSoFar: [done('x', 40_000), done('y', 80_000)], parallel: 1 })).toBe(160_000);
  });

  it('shares the time among runs at once (--parallel), and is zero with nothing pending', () => {
    expect(estimateRemainingMs({ pending: [run('x'), run('x'), run('x'), run('x')], earlier: new Map(), finishedSoFar: [done('x', 60_000)], parallel: 2 })).toBe(120_000);
    expect(estimateRemainingMs({ pending: [run('x')], earlier: new Map(), finishedSoFar: [done('x', 60_000)], parallel: 4 })).toBe(60_000);
    expect(estimateRemainingMs({ pending: [], earlier: new Map(), finishedSoFar: [], parallel: 1 })).toBe(0);
  });
});

describe('progress lines', () => {
  it('say done/total, elapsed and about how long is left', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(372_000)).toBe('6m12s');
    expect(formatDuration(3_900_000)).toBe('1h05m');
    expect(formatProgress(3, 10, 372_000, 480_000)).toBe('3/10 scenario runs done, 6m12s elapsed, about 8m left');
    expect(formatProgress(1, 6, 20_000, 20_000)).toBe('1/6 scenario runs done, 20s elapsed, under a minute left');
    expect(formatProgress(6, 6, 900_000, 0)).toBe('6/6 scenario runs done, 15m00s elapsed');
    expect(formatProgress(2, undefined, 60_000, undefined)).toBe('2 scenario run(s) done, 1m00s elapsed');
  });
});

describe('plannedScenarioRuns', () => {
  it('counts the selected scenarios on the platform, per Flink version and repetition, as vitest registers them', async () => {
    const planned = await plannedScenarioRuns(ROOT, 'scenarios', ['01-taskmanager', '05-stop'], { FRH_PLATFORM: 'docker', FRH_FLINK_VERSIONS: '2.1.0,1.20.0', FRH_REPEAT: '3' });
    expect(planned).toHaveLength(12);
    expect(new Set(planned!.map((p) => `${p.id} ${p.flinkVersion}`))).toEqual(new Set(['taskmanager-killed 2.1.0', 'taskmanager-killed 1.20.0', 'stop-with-savepoint 2.1.0', 'stop-with-savepoint 1.20.0']));
    // Kubernetes-only scenarios are skipped on Docker: selected, but no run.
    expect(await plannedScenarioRuns(ROOT, 'scenarios', ['kubernetes/02-storage-outage'], { FRH_PLATFORM: 'docker' })).toEqual([]);
    expect(await plannedScenarioRuns(ROOT, 'scenarios', [], { FRH_SHARD: '1/2' })).toBeUndefined();
  }, 60_000);
});

describe('watchSuiteProgress', () => {
  it('writes a line whenever scenario result files appear, with an estimate from those so far', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'frh-progress-'));
    const scenariosDir = join(reportDir, 'run-p', 'scenarios');
    const lines: string[] = [];
    const watch = watchSuiteProgress({ scenariosDir, reportDir, runId: 'run-p', planned: Promise.resolve([run('a'), run('a'), run('a')]), env: {}, pollMs: 20, write: (line) => lines.push(line) });
    try {
      await vi.waitFor(() => expect(lines).toEqual(['3 scenario run(s) to do']));
      mkdirSync(scenariosDir, { recursive: true });
      const finished = { ...run('a'), timings: { startedAt: 0, finishedAt: 120_000, phases: {} } };
      writeFileSync(join(scenariosDir, 'a-docker-flink-2.1.0-run-1.json.123-abc.tmp'), '{');
      writeFileSync(join(scenariosDir, 'a-docker-flink-2.1.0-run-1.json'), JSON.stringify(finished));
      await vi.waitFor(() => expect(lines[1]).toMatch(/^1\/3 scenario runs done, \d+s elapsed, about 4m left$/));
      writeFileSync(join(scenariosDir, 'a-docker-flink-2.1.0-run-2.json'), JSON.stringify(finished));
      writeFileSync(join(scenariosDir, 'a-docker-flink-2.1.0-run-3.json'), JSON.stringify(finished));
      await vi.waitFor(() => expect(lines[2]).toMatch(/^3\/3 scenario runs done, \d+s elapsed$/));
      expect(lines).toHaveLength(3);
    } finally {
      watch.stop();
    }
  });

  it('reports the last scenario run when stopped before its next poll', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'frh-progress-'));
    const scenariosDir = join(reportDir, 'run-q', 'scenarios');
    const lines: string[] = [];
    const watch = watchSuiteProgress({ scenariosDir, reportDir, runId: 'run-q', planned: Promise.resolve([run('a')]), env: {}, pollMs: 3_600_000, write: (line) => lines.push(line) });
    await vi.waitFor(() => expect(lines).toEqual(['1 scenario run(s) to do']));
    mkdirSync(scenariosDir, { recursive: true });
    writeFileSync(join(scenariosDir, 'a-docker-flink-2.1.0.json'), JSON.stringify({ ...run('a'), timings: { startedAt: 0, finishedAt: 60_000, phases: {} } }));
    watch.stop();
    watch.stop();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^1\/1 scenario runs done, \d+s elapsed$/);
  });
});
