// How the harness reaches the containers of a run's network. Default (`internal`): the network is a
// Docker internal network (no route out of the machine), nothing is published, and the harness
// talks to each container at its current IP on that network, which the host reaches directly.
// Fallback (`FRH_DOCKER_NETWORK=published`), for engines whose container IPs this process cannot
// reach (Docker Desktop on macOS, a remote DOCKER_HOST): an ordinary bridge with ports published
// on 127.0.0.1, as before issue 16.
import { connect } from 'node:net';
import type Dockerode from 'dockerode';
import { Wait, type StartedTestContainer, type WaitStrategy } from 'testcontainers';
import { settingError } from '../../support/errors.ts';
import { waitFor } from '../../support/wait.ts';
import { docker } from './docker-api.ts';
import type { LoopbackContainer } from './loopback-container.ts';

export type DockerNetworkMode = 'internal' | 'published';
export const DOCKER_NETWORK_MODES: readonly DockerNetworkMode[] = ['internal', 'published'];

/** FRH_DOCKER_NETWORK: `internal` (default) or `published`; anything else is a BadInputError. */
export function dockerNetworkMode(env: NodeJS.ProcessEnv = process.env): DockerNetworkMode {
  const value = env.FRH_DOCKER_NETWORK?.trim() || 'internal';
  if ((DOCKER_NETWORK_MODES as readonly string[]).includes(value)) return value as DockerNetworkMode;
  throw settingError('FRH_DOCKER_NETWORK', value, `expected ${DOCKER_NETWORK_MODES.join(' or ')}`);
}

/** The IP a container has on `networkName` right now (a restarted container may get another one). */
export async function containerIp(id: string, networkName: string): Promise<string> {
  const info = await docker().getContainer(id).inspect();
  const ip = info.NetworkSettings.Networks[networkName]?.IPAddress;
  if (!ip) throw new Error(`container ${info.Name.replace(/^\//, '')} has no address on network ${networkName}${info.State.Running ? '' : ' (not running)'}`);
  return ip;
}

/** How the harness reaches ports of the containers on one network. */
export class NetworkAccess {
  readonly networkName: string;
  readonly mode: DockerNetworkMode;

  constructor(networkName: string, mode: DockerNetworkMode = dockerNetworkMode()) {
    this.networkName = networkName;
    this.mode = mode;
  }

  /** True when the network must be a Docker internal network. */
  get internal(): boolean {
    return this.mode === 'internal';
  }

  /** Makes `ports` reachable by the harness: nothing to do on an internal network, published on 127.0.0.1 otherwise. */
  expose<T extends LoopbackContainer>(container: T, ...ports: number[]): T {
    return this.internal ? container : container.withLoopbackPorts(...ports);
  }

  /** Ready once `GET path` on `port` answers `status`. */
  httpReady(path: string, port: number, status = 200): WaitStrategy {
    if (!this.internal) return Wait.forHttp(path, port).forStatusCode(status);
    return new OnNetworkWaitStrategy(this.networkName, `HTTP ${status} from :${port}${path}`, async (ip) => {
      const response = await fetch(`http://${ip}:${port}${path}`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status !== status) throw new Error(`status ${response.status}`);
    });
  }

  /** Ready once `port` accepts TCP connections. */
  portReady(port: number): WaitStrategy {
    if (!this.internal) return Wait.forListeningPorts();
    return new OnNetworkWaitStrategy(this.networkName, `a listener on :${port}`, (ip) => tcpConnect(ip, port));
  }

  /** `host:port` where the harness reaches `port` of a started container now. */
  async endpointOf(container: StartedTestContainer, port: number): Promise<string> {
    if (!this.internal) return `127.0.0.1:${container.getMappedPort(port)}`;
    return `${await containerIp(container.getId(), this.networkName)}:${port}`;
  }

  async urlOf(container: StartedTestContainer, port: number): Promise<string> {
    return `http://${await this.endpointOf(container, port)}`;
  }
}

/**
 * A readiness wait that needs no published port: polls `check` against the container's current IP
 * on the network. A container that is not running yet (or is being restarted by Docker's restart
 * policy) counts as not ready. testcontainers runs it again after `restart()`.
 */
class OnNetworkWaitStrategy implements WaitStrategy {
  private startupTimeoutMs = 60_000;
  private startupTimeoutSet = false;
  private readonly networkName: string;
  private readonly description: string;
  private readonly check: (ip: string) => Promise<void>;

  constructor(networkName: string, description: string, check: (ip: string) => Promise<void>) {
    this.networkName = networkName;
    this.description = description;
    this.check = check;
  }

  async waitUntilReady(container: Dockerode.Container): Promise<void> {
    await waitFor(`${this.description} on network ${this.networkName} (container ${container.id.slice(0, 12)})`, async () => {
      await this.check(await containerIp(container.id, this.networkName));
      return true;
    }, { timeoutMs: this.startupTimeoutMs, intervalMs: 250, progressEveryMs: 0 });
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }
}

function tcpConnect(host: string, port: number, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`));
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}
