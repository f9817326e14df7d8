// CheckpointWatcher accumulates every completed snapshot and restore across polls and outages.
import { afterEach, describe, expect, it } from 'vitest';
import { FlinkRestClient } from '../../../harness/flink/client.ts';
import { CheckpointWatcher } from '../../../harness/flink/checkpoint-watcher.ts';
import { WaitTimeoutError } from '../../../harness/support/wait.ts';
import { checkpointingStats, completedStats, startLocalServer, type LocalServer, type Reply } from './local-server.ts';

let server: LocalServer | undefined;
let watcher: CheckpointWatcher | undefined;
afterEach(async () => {
  await watcher?.stop();
  await server?.close();
  watcher = undefined;
  server = undefined;
});

/** Serves `replies` in order, then repeats the last one. */
async function serve(replies: Reply[]): Promise<LocalServer> {
  return startLocalServer({ 'GET /jobs/j1/checkpoints': (_, hit) => replies[Math.min(hit, replies.length - 1)] ?? { status: 500 } });
}

function watch(url: string, lines: string[] = []): CheckpointWatcher {
  const client = new FlinkRestClient({ baseUrl: url, retries: 0 });
  return new CheckpointWatcher({ client, jobId: 'j1', intervalMs: 10, onProgress: (line) => lines.push(line) });
}

const ok = (body: unknown): Reply => ({ status: 200, body });

describe('CheckpointWatcher', () => {
  it('keeps what it saw before a JobManager failover reset the statistics, and records the restore', async () => {
    const restored = { id: 3, restore_timestamp: 5_000, is_savepoint: false, external_path: 's3://flink/checkpoints/job/chk-3' };
    server = await serve([
      ok(checkpointingStats({ completed: completedStats(2), history: [completedStats(2), completedStats(1)] })),
      ok(checkpointingStats({ completed: completedStats(3), savepoint: completedStats(4, { savepoint: true }), history: [completedStats(4, { savepoint: true }), completedStats(3)] })),
      { status: 503, body: { errors: ['leader election'] } },
      'destroy',
      ok(checkpointingStats({ completed: null, restored })),
    ]);
    const lines: string[] = [];
    watcher = watch(server.url, lines);
    watcher.start();
    await watcher.waitFor((w) => w.restores().length > 0, { timeoutMs: 5_000, description: 'a restore' });

    expect(watcher.snapshots().map((s) => [s.kind, s.id])).toEqual([
      ['checkpoint', 1],
      ['checkpoint', 2],
      ['checkpoint', 3],
      ['savepoint', 4],
    ]);
    expect(watcher.snapshots()[2]).toEqual({ kind: 'checkpoint', id: 3, path: 's3://flink/checkpoints/job/chk-3', jobId: 'j1', completedAt: 3_000, seenBy: ['rest'] });
    expect(watcher.restores()).toEqual([{ kind: 'checkpoint', id: 3, path: 's3://flink/checkpoints/job/chk-3', restoredAt: 5_000, firstSeenAt: expect.any(Number) }]);
    expect(watcher.problems().length).toBeGreaterThanOrEqual(2);
    expect(watcher.lastSuccessfulPollAt).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('unavailable'))).toBe(true);
    expect(lines.some((l) => l.includes('restored from checkpoint 3'))).toBe(true);
  });

  it('ignores in-progress, failed and metadata-less entries', async () => {
    const pending = { ...completedStats(7), className: 'in_progress', status: 'IN_PROGRESS', external_path: undefined };
    const failed = { ...completedStats(6), className: 'failed', status: 'FAILED', failure_timestamp: 6_100, failure_message: 'expired' };
    const inMemory = completedStats(5, { path: '<checkpoint-without-metadata>' });
    server = await serve([ok(checkpointingStats({ completed: inMemory, history: [pending, failed, inMemory, completedStats(4)] }))]);
    watcher = watch(server.url);
    watcher.start();
    await watcher.waitFor((w) => w.lastSuccessfulPollAt !== undefined, { timeoutMs: 5_000, description: 'a poll' });
    expect(watcher.snapshots().map((s) => s.id)).toEqual([4]);
  });

  it('resolves waitFor at once when the predicate already holds', async () => {
    server = await serve([ok(checkpointingStats({ completed: completedStats(1) }))]);
    watcher = watch(server.url);
    watcher.start();
    await watcher.waitFor((w) => w.snapshots().length === 1, { timeoutMs: 5_000, description: 'one checkpoint' });
    await expect(watcher.waitFor((w) => w.snapshots().length === 1, { timeoutMs: 1, description: 'again' })).resolves.toBeUndefined();
  });

  it('rejects waitFor with a WaitTimeoutError naming what it waited for, and the last poll problem', async () => {
    server = await serve([{ status: 503, body: { errors: ['JobManager is not the leader'] } }]);
    watcher = watch(server.url);
    watcher.start();
    const error = await watcher.waitFor((w) => w.snapshots().length > 0, { timeoutMs: 150, description: 'a first checkpoint' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(/waiting for a first checkpoint \(last: .*HTTP 503: JobManager is not the leader\)/);
  });

  it('rejects pending waiters when stopped, and refuses to wait while not running', async () => {
    server = await serve([ok(checkpointingStats({}))]);
    watcher = watch(server.url);
    await expect(watcher.waitFor(() => false, { timeoutMs: 1_000, description: 'x' })).rejects.toThrow(/not running/);
    watcher.start();
    const pending = watcher.waitFor(() => false, { timeoutMs: 5_000, description: 'never' });
    await watcher.stop();
    await expect(pending).rejects.toThrow(/stopped while waiting for never/);
  });

  it('stops polling after stop() and supports await using', async () => {
    server = await serve([ok(checkpointingStats({}))]);
    {
      await using scoped = watch(server.url);
      scoped.start();
      await scoped.waitFor((w) => w.lastSuccessfulPollAt !== undefined, { timeoutMs: 5_000, description: 'a poll' });
    }
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(server.requests.length).toBe(count);
  });
});
