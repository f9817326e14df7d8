// Kubeconfigs pointing at stand-ins for an API server, so cluster checks run without a cluster.
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export type ApiServerStandIn = 'kubernetes' | 'not-kubernetes' | 'silent';

/** An HTTP server on loopback answering /version like Kubernetes, 404 like a stray proxy, or never. */
export async function startApiServer(kind: ApiServerStandIn): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (kind === 'silent') return;
    response.statusCode = kind === 'kubernetes' && request.url === '/version' ? 200 : 404;
    response.end(kind === 'kubernetes' ? '{"major":"1","minor":"34","gitVersion":"v1.34.4"}' : 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A port nothing listens on (a server bound it and closed again). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `https://127.0.0.1:${port}`;
}

/** A kubeconfig in `dir` whose contexts prod and staging both point at `server`. */
export function writeKubeconfig(dir: string, name: string, server: string): string {
  const path = join(dir, name);
  writeFileSync(path, [
    'apiVersion: v1', 'kind: Config', 'current-context: prod',
    `clusters: [{name: c, cluster: {server: "${server}"}}]`,
    'users: [{name: u, user: {token: t}}]',
    'contexts: [{name: prod, context: {cluster: c, user: u}}, {name: staging, context: {cluster: c, user: u}}]',
  ].join('\n'));
  return path;
}
