// A loopback port that forwards every connection to whichever pod currently matches a selector, so
// a forward survives the pod being deleted and replaced (the JobManager, MinIO scaled 0 → 1).
//
// Why not @kubernetes/client-node's PortForward: it never ends the local socket when the pod side
// closes, and it does not end the WebSocket when the local side closes, so keep-alive HTTP clients
// (the S3 SDK) reuse dead connections and hang. This speaks the API server's port-forward protocol
// (v4.channel.k8s.io: channel 0 data, channel 1 errors, each starting with the port as 2 bytes)
// and closes each side when the other does.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { Agent } from 'node:https';
import WebSocket from 'ws';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';

export interface PortForwardHandle {
  localPort: number;
  /** The last error the API server or the pod reported for a connection (for diagnostics). */
  lastError(): string | undefined;
  close(): Promise<void>;
}

/** Finds the pod a new connection goes to; undefined when there is none right now. */
export type PodFinder = () => Promise<V1Pod | undefined>;

const DATA = 0;
const ERROR = 1;

export async function forwardToPods(config: KubeConfig, namespace: string, findPod: PodFinder, port: number): Promise<PortForwardHandle> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const base = cluster.server.replace(/^http/, 'ws').replace(/\/$/, '');
  const sockets = new Set<Socket>();
  let lastError: string | undefined;

  const connect = async (socket: Socket): Promise<void> => {
    socket.pause();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const pod = await findPod();
    if (!pod?.metadata?.name) {
      lastError = `no running pod in ${namespace} to forward port ${port} to`;
      socket.destroy();
      return;
    }
    const options: { headers?: Record<string, string>; agent?: Agent; ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean } = {};
    await config.applyToHTTPSOptions(options);
    const url = `${base}/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/portforward?ports=${port}`;
    const ws = new WebSocket(url, ['v4.channel.k8s.io'], options);
    const portHeaderPending = [true, true];
    ws.on('message', (data: Buffer) => {
      const channel = data[0];
      let payload = data.subarray(1);
      if (channel === undefined || channel > ERROR) return;
      if (portHeaderPending[channel]) {
        payload = payload.subarray(2);
        portHeaderPending[channel] = false;
      }
      if (payload.length === 0) return;
      if (channel === DATA) socket.write(payload);
      else {
        lastError = `${pod.metadata?.name}:${port}: ${payload.toString('utf8').trim()}`;
        socket.destroy();
      }
    });
    ws.on('open', () => {
      socket.on('data', (chunk: Buffer) => ws.send(Buffer.concat([Buffer.from([DATA]), chunk])));
      socket.on('end', () => ws.close());
      socket.resume();
    });
    ws.on('close', () => socket.end());
    ws.on('error', (error) => {
      lastError = `${pod.metadata?.name}:${port}: ${error.message}`;
      socket.destroy();
    });
    socket.on('close', () => {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    });
  };

  const server = createServer((socket) => {
    connect(socket).catch((error: Error) => {
      lastError = error.message;
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    localPort: (server.address() as AddressInfo).port,
    lastError: () => lastError,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The newest pod that is running and not being deleted: where a new connection should go. */
export function newestRunningPod(pods: V1Pod[]): V1Pod | undefined {
  return pods
    .filter((pod) => pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp)
    .sort((a, b) => (b.metadata?.creationTimestamp?.getTime() ?? 0) - (a.metadata?.creationTimestamp?.getTime() ?? 0))[0];
}
