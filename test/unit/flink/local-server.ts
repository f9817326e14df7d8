// A tiny HTTP server on 127.0.0.1 (ephemeral port) answering canned responses, for transport
// tests of our own REST code. It is not Flink: response bodies follow Flink's REST spec, minimally.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded request. */
export interface SeenRequest {
  method: string;
  /** Path and query, e.g. /jobs/abc?mode=cancel */
  url: string;
  body: string;
}

/** What a route answers: status and JSON body, or 'hang' (never answer) / 'destroy' (drop the socket). */
export type Reply = { status: number; body?: unknown } | 'hang' | 'destroy';

/** Handler for one route: gets the request and how many times this route was hit before. */
export type Route = (request: SeenRequest, hit: number) => Reply;

/** A running local server; `close()` ends it and every open socket. */
export interface LocalServer {
  url: string;
  requests: SeenRequest[];
  /** Routes keyed by "METHOD /path" (query excluded); replace entries at will. */
  routes: Map<string, Route>;
  close(): Promise<void>;
}

/** Starts a server; requests without a route answer 404 like Flink ({"errors": ["Not found: ..."]}). */
export async function startLocalServer(routes: Record<string, Route> = {}): Promise<LocalServer> {
  const table = new Map(Object.entries(routes));
  const requests: SeenRequest[] = [];
  const hits = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      const key = `${seen.method} ${seen.url.split('?')[0]}`;
      const route = table.get(key);
      const hit = hits.get(key) ?? 0;
      hits.set(key, hit + 1);
      const reply: Reply = route ? route(seen, hit) : { status: 404, body: { errors: [`Not found: ${seen.url}`] } };
      if (reply === 'hang') return;
      if (reply === 'destroy') {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    routes: table,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 127.0.0.1 port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A COMPLETED CheckpointStatistics entry as the REST spec describes it (only fields we read, plus className). */
export function completedStats(id: number, options: { savepoint?: boolean; path?: string; ackAt?: number } = {}): Record<string, unknown> {
  const savepoint = options.savepoint ?? false;
  return {
    className: 'completed',
    id,
    status: 'COMPLETED',
    is_savepoint: savepoint,
    checkpoint_type: savepoint ? 'SAVEPOINT' : 'CHECKPOINT',
    trigger_timestamp: (options.ackAt ?? 1_000 * id) - 50,
    latest_ack_timestamp: options.ackAt ?? 1_000 * id,
    external_path: options.path ?? (savepoint ? `s3://flink/savepoints/savepoint-abcdef-${id}` : `s3://flink/checkpoints/job/chk-${id}`),
    discarded: false,
  };
}

/** A CheckpointingStatistics body: `history` newest first, nulls where Flink sends them. */
export function checkpointingStats(parts: {
  completed?: Record<string, unknown> | null;
  savepoint?: Record<string, unknown> | null;
  restored?: { id: number; restore_timestamp: number; is_savepoint: boolean; external_path: string | null } | null;
  history?: Record<string, unknown>[];
}): Record<string, unknown> {
  const history = parts.history ?? [];
  return {
    counts: { restored: parts.restored ? 1 : 0, total: history.length, in_progress: 0, completed: history.length, failed: 0 },
    latest: { completed: parts.completed ?? null, savepoint: parts.savepoint ?? null, failed: null, restored: parts.restored ?? null },
    history,
  };
}
