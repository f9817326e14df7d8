// awaitSavepoint/awaitCheckpoint poll Flink's operation status; metric calls accept both list forms.
import { afterEach, describe, expect, it } from 'vitest';
import { FlinkRestClient } from '../../../harness/flink/client.ts';
import { FlinkNotFoundError, FlinkOperationFailedError } from '../../../harness/flink/errors.ts';
import { WaitTimeoutError } from '../../../harness/support/wait.ts';
import { startLocalServer, type LocalServer } from './local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TRIGGER = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const inProgress = { status: 200, body: { status: { id: 'IN_PROGRESS' }, operation: null } };

function clientFor(url: string): FlinkRestClient {
  return new FlinkRestClient({ baseUrl: url, retries: 2, minBackoffMs: 1, maxBackoffMs: 5 });
}

describe('awaitSavepoint', () => {
  it('polls until COMPLETED and returns the location', async () => {
    server = await startLocalServer({
      [`GET /jobs/j1/savepoints/${TRIGGER}`]: (_, hit) =>
        hit < 2 ? inProgress : { status: 200, body: { status: { id: 'COMPLETED' }, operation: { location: 's3://flink/savepoints/savepoint-abcdef-0123' } } },
    });
    const location = await clientFor(server.url).awaitSavepoint('j1', TRIGGER, { timeoutMs: 5_000, intervalMs: 10 });
    expect(location).toBe('s3://flink/savepoints/savepoint-abcdef-0123');
    expect(server.requests).toHaveLength(3);
  });

  it('waits out a JobManager that is briefly away', async () => {
    server = await startLocalServer({
      [`GET /jobs/j1/savepoints/${TRIGGER}`]: (_, hit) =>
        hit < 4 ? { status: 503 } : { status: 200, body: { status: { id: 'COMPLETED' }, operation: { location: 's3://x/sp' } } },
    });
    await expect(clientFor(server.url).awaitSavepoint('j1', TRIGGER, { timeoutMs: 5_000, intervalMs: 10 })).resolves.toBe('s3://x/sp');
  });

  it('throws FlinkOperationFailedError with the first line of the failure cause', async () => {
    server = await startLocalServer({
      [`GET /jobs/j1/savepoints/${TRIGGER}`]: () => ({
        status: 200,
        body: {
          status: { id: 'COMPLETED' },
          operation: { 'failure-cause': { class: 'java.util.concurrent.CompletionException', 'stack-trace': 'java.util.concurrent.CompletionException: Checkpoint expired\n\tat x' } },
        },
      }),
    });
    const error = await clientFor(server.url).awaitSavepoint('j1', TRIGGER, { timeoutMs: 5_000, intervalMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlinkOperationFailedError);
    expect((error as Error).message).toBe(`Flink savepoint ${TRIGGER} of job j1 failed: java.util.concurrent.CompletionException: Checkpoint expired`);
  });

  it('rejects with WaitTimeoutError naming the savepoint when it never completes', async () => {
    server = await startLocalServer({ [`GET /jobs/j1/savepoints/${TRIGGER}`]: () => inProgress });
    const error = await clientFor(server.url).awaitSavepoint('j1', TRIGGER, { timeoutMs: 150, intervalMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).description).toBe(`savepoint ${TRIGGER} of job j1`);
  });

  it('fails at once when the JobManager does not know the trigger (404)', async () => {
    server = await startLocalServer();
    await expect(clientFor(server.url).awaitSavepoint('j1', TRIGGER, { timeoutMs: 5_000, intervalMs: 10 })).rejects.toBeInstanceOf(FlinkNotFoundError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('awaitCheckpoint', () => {
  it('returns operation.checkpointId', async () => {
    server = await startLocalServer({
      [`GET /jobs/j1/checkpoints/${TRIGGER}`]: (_, hit) => (hit === 0 ? inProgress : { status: 200, body: { status: { id: 'COMPLETED' }, operation: { checkpointId: 42 } } }),
    });
    await expect(clientFor(server.url).awaitCheckpoint('j1', TRIGGER, { timeoutMs: 5_000, intervalMs: 10 })).resolves.toBe(42);
  });
});

describe('metrics', () => {
  it('lists vertex metric names and reads values (bare JSON array, as Flink serializes it)', async () => {
    server = await startLocalServer({
      'GET /jobs/j1/vertices/v1/metrics': (request) =>
        request.url.includes('get=')
          ? { status: 200, body: [{ id: '0.Probe.restoredCheckpointId', value: '7' }, { id: '1.Probe.restoredCheckpointId', value: '7' }] }
          : { status: 200, body: [{ id: '0.Probe.restoredCheckpointId' }, { id: '0.numRecordsIn' }] },
    });
    const client = clientFor(server.url);
    expect(await client.vertexMetricNames('j1', 'v1')).toEqual(['0.Probe.restoredCheckpointId', '0.numRecordsIn']);
    const values = await client.vertexMetrics('j1', 'v1', ['0.Probe.restoredCheckpointId', '1.Probe.restoredCheckpointId']);
    expect(values.map((m) => m.value)).toEqual(['7', '7']);
    expect(server.requests[1]?.url).toBe('/jobs/j1/vertices/v1/metrics?get=0.Probe.restoredCheckpointId,1.Probe.restoredCheckpointId');
  });

  it('reads aggregated subtask metrics, also in the {metrics: [...]} form of the REST spec', async () => {
    server = await startLocalServer({
      'GET /jobs/j1/vertices/v1/subtasks/metrics': () => ({ status: 200, body: { metrics: [{ id: 'Probe.restoredCheckpointId', min: 7, max: 7, avg: 7, sum: 14 }] } }),
    });
    const [metric] = await clientFor(server.url).subtaskMetrics('j1', 'v1', ['Probe.restoredCheckpointId']);
    expect(metric).toMatchObject({ id: 'Probe.restoredCheckpointId', min: 7, max: 7 });
  });
});
