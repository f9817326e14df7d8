// FlinkRestClient maps every way a call fails to its own error class, with a one-line message.
import { afterEach, describe, expect, it } from 'vitest';
import { FlinkRestClient } from '../../../harness/flink/client.ts';
import {
  FlinkHttpError,
  FlinkNotFoundError,
  FlinkResponseShapeError,
  FlinkTimeoutError,
  FlinkUnreachableError,
} from '../../../harness/flink/errors.ts';
import { closedPort, startLocalServer, type LocalServer } from './local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fast = { retries: 0, minBackoffMs: 1, maxBackoffMs: 1 };

describe('FlinkRestClient error mapping', () => {
  it('maps 404 to FlinkNotFoundError naming the path and Flink\'s message', async () => {
    server = await startLocalServer();
    const client = new FlinkRestClient({ baseUrl: server.url, ...fast });
    const error = await client.job('0123456789abcdef0123456789abcdef').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlinkNotFoundError);
    const notFound = error as FlinkNotFoundError;
    expect(notFound.path).toBe('/jobs/0123456789abcdef0123456789abcdef');
    expect(notFound.message).toContain('GET /jobs/0123456789abcdef0123456789abcdef');
    expect(notFound.message).not.toContain('\n');
  });

  it('maps a refused connection to FlinkUnreachableError', async () => {
    const port = await closedPort();
    const client = new FlinkRestClient({ baseUrl: `http://127.0.0.1:${port}`, ...fast });
    const error = await client.overview().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlinkUnreachableError);
    expect((error as FlinkUnreachableError).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toBe(`Flink REST at http://127.0.0.1:${port} is unreachable (ECONNREFUSED) for GET /overview`);
  });

  it('maps a dropped connection to FlinkUnreachableError', async () => {
    server = await startLocalServer({ 'GET /overview': () => 'destroy' });
    const client = new FlinkRestClient({ baseUrl: server.url, ...fast });
    await expect(client.overview()).rejects.toBeInstanceOf(FlinkUnreachableError);
  });

  it('maps no answer within the request timeout to FlinkTimeoutError', async () => {
    server = await startLocalServer({ 'GET /overview': () => 'hang' });
    const client = new FlinkRestClient({ baseUrl: server.url, requestTimeoutMs: 200, ...fast });
    const error = await client.overview().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlinkTimeoutError);
    expect((error as Error).message).toBe('Flink REST GET /overview: no answer within 200 ms');
  });

  it('maps other statuses to FlinkHttpError with the first line of Flink\'s errors[]', async () => {
    server = await startLocalServer({
      'GET /overview': () => ({ status: 500, body: { errors: ['Internal server error.', '<Exception on server side:\njava.lang.X\n\tat ...>'] } }),
    });
    const client = new FlinkRestClient({ baseUrl: server.url, ...fast });
    const error = (await client.overview().catch((e: unknown) => e)) as FlinkHttpError;
    expect(error).toBeInstanceOf(FlinkHttpError);
    expect(error.status).toBe(500);
    expect(error.message).toBe('Flink REST GET /overview: HTTP 500: Internal server error.');
  });

  it('maps an answer of the wrong shape to FlinkResponseShapeError naming the field', async () => {
    server = await startLocalServer({
      'GET /jobs/j1/checkpoints': () => ({ status: 200, body: { latest: { completed: { id: 'seven', status: 'COMPLETED' } } } }),
    });
    const client = new FlinkRestClient({ baseUrl: server.url, ...fast });
    const error = (await client.checkpoints('j1').catch((e: unknown) => e)) as FlinkResponseShapeError;
    expect(error).toBeInstanceOf(FlinkResponseShapeError);
    expect(error.field).toBe('latest.completed.id');
    expect(error.message).toContain('GET /jobs/j1/checkpoints');
  });

  it('reports an empty 200 answer as a shape error', async () => {
    server = await startLocalServer();
    server.routes.set('GET /overview', () => ({ status: 200, body: undefined }));
    const client = new FlinkRestClient({ baseUrl: server.url, ...fast });
    await expect(client.overview()).rejects.toBeInstanceOf(FlinkResponseShapeError);
  });
});
