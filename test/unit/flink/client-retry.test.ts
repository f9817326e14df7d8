// FlinkRestClient retries transient failures of retry-safe calls only, never 4xx or 500.
import { afterEach, describe, expect, it } from 'vitest';
import { FlinkRestClient, toFlinkTriggerId } from '../../../harness/flink/client.ts';
import { FlinkHttpError, FlinkNotFoundError } from '../../../harness/flink/errors.ts';
import { startLocalServer, type LocalServer, type Reply } from './local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const overviewBody = { taskmanagers: 1, 'slots-total': 2, 'slots-available': 1, 'jobs-running': 1, 'flink-version': '2.0.0' };
const failingThen = (failures: Reply[], success: Reply) => (_: unknown, hit: number) => failures[hit] ?? success;

function clientFor(url: string, retries = 3): FlinkRestClient {
  return new FlinkRestClient({ baseUrl: url, retries, minBackoffMs: 1, maxBackoffMs: 5 });
}

describe('FlinkRestClient retries', () => {
  it('retries 502, 503 and 504 and then succeeds', async () => {
    server = await startLocalServer({
      'GET /overview': failingThen([{ status: 502 }, { status: 503 }, { status: 504 }], { status: 200, body: overviewBody }),
    });
    const overview = await clientFor(server.url).overview();
    expect(overview.taskmanagers).toBe(1);
    expect(server.requests).toHaveLength(4);
  });

  it('retries a dropped connection', async () => {
    server = await startLocalServer({ 'GET /overview': failingThen(['destroy'], { status: 200, body: overviewBody }) });
    await clientFor(server.url).overview();
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after the configured retries with the last error', async () => {
    server = await startLocalServer({ 'GET /overview': () => ({ status: 503, body: { errors: ['leader election'] } }) });
    const error = await clientFor(server.url, 2).overview().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlinkHttpError);
    expect((error as FlinkHttpError).status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it.each([400, 409, 500])('never retries HTTP %i', async (status) => {
    server = await startLocalServer({ 'GET /overview': () => ({ status, body: { errors: ['no'] } }) });
    await expect(clientFor(server.url).overview()).rejects.toBeInstanceOf(FlinkHttpError);
    expect(server.requests).toHaveLength(1);
  });

  it('never retries 404', async () => {
    server = await startLocalServer();
    await expect(clientFor(server.url).job('abc')).rejects.toBeInstanceOf(FlinkNotFoundError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a savepoint trigger with the same client-chosen trigger id, as 32 hex digits', async () => {
    server = await startLocalServer({
      'POST /jobs/j1/savepoints': failingThen([{ status: 503 }], { status: 202, body: { 'request-id': 'x' } }),
    });
    const uuid = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const triggerId = await clientFor(server.url).triggerSavepoint('j1', { targetDirectory: 's3://flink/savepoints', triggerId: uuid });
    expect(triggerId).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(server.requests).toHaveLength(2);
    const bodies = server.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({ 'target-directory': 's3://flink/savepoints', 'cancel-job': false, triggerId });
    expect(bodies[1]).toEqual(bodies[0]);
  });

  it('sends stop-with-savepoint and manual checkpoint bodies as Flink names them', async () => {
    server = await startLocalServer({
      'POST /jobs/j1/stop': () => ({ status: 202, body: { 'request-id': 'x' } }),
      'POST /jobs/j1/checkpoints': () => ({ status: 202, body: { 'request-id': 'y' } }),
    });
    const client = clientFor(server.url);
    const stopId = await client.stopWithSavepoint('j1', { targetDirectory: 's3://sp', drain: true });
    const checkpointId = await client.triggerCheckpoint('j1', { checkpointType: 'FULL' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ targetDirectory: 's3://sp', drain: true, triggerId: stopId });
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({ checkpointType: 'FULL', triggerId: checkpointId });
    expect(stopId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('cancels with PATCH ?mode=cancel; a 409 on the first attempt is an error', async () => {
    server = await startLocalServer({ 'PATCH /jobs/j1': () => ({ status: 409, body: { errors: ['Job already finished'] } }) });
    await expect(clientFor(server.url).cancel('j1')).rejects.toBeInstanceOf(FlinkHttpError);
    expect(server.requests[0]?.url).toBe('/jobs/j1?mode=cancel');
  });

  it('treats 409 after a retried cancel as done (our first attempt got through)', async () => {
    server = await startLocalServer({ 'PATCH /jobs/j1': failingThen(['destroy'], { status: 409, body: { errors: ['terminal'] } }) });
    await clientFor(server.url).cancel('j1');
    expect(server.requests).toHaveLength(2);
  });

  it('follows setBaseUrl', async () => {
    server = await startLocalServer({ 'GET /overview': () => ({ status: 200, body: overviewBody }) });
    const client = clientFor('http://127.0.0.1:1', 0);
    client.setBaseUrl(`${server.url}/`);
    expect(client.baseUrl).toBe(server.url);
    await client.overview();
    expect(server.requests).toHaveLength(1);
  });
});

describe('toFlinkTriggerId', () => {
  it('accepts UUIDs and 32 hex digits, rejects anything else', () => {
    expect(toFlinkTriggerId('0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0')).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(toFlinkTriggerId('0f1e2d3c4b5a69788796a5b4c3d2e1f0')).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(() => toFlinkTriggerId('savepoint-1')).toThrow(/trigger id/);
  });
});
