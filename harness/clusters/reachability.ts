// Whether a cluster's API server answers, asked in a few seconds before a run commits to it: an
// unreachable server otherwise surfaces minutes later as a failed scenario setup. A TCP connect is
// not enough (a proxy or firewall may accept any connection), so this asks GET /version over TLS
// checked against the kubeconfig's CA; /version needs no credentials.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Cluster as KubeconfigCluster } from '@kubernetes/client-node';

/** Resolves when the server answers like a Kubernetes API server; rejects with a short reason otherwise. */
export function probeApiServer(cluster: KubeconfigCluster, timeoutMs: number): Promise<void> {
  let url: URL;
  try {
    url = new URL('/version', cluster.server);
  } catch {
    return Promise.reject(new Error(`server "${cluster.server}" is not a URL`));
  }
  const tls = url.protocol === 'https:'
    ? {
        ca: cluster.caData ? Buffer.from(cluster.caData, 'base64') : cluster.caFile ? readFileSync(cluster.caFile) : undefined,
        rejectUnauthorized: !cluster.skipTLSVerify,
        ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
      }
    : {};
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { ...tls, timeout: timeoutMs }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      // 401/403: a real API server that wants credentials for /version; the run brings them.
      if ((status >= 200 && status < 300) || status === 401 || status === 403) resolve();
      else reject(new Error(`GET /version answered HTTP ${status}, not like a Kubernetes API server`));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message)));
    request.end();
  });
}
