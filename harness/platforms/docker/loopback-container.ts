// A GenericContainer whose published ports listen on 127.0.0.1 only (harness traffic stays on loopback)
// and that joins only the network it is given.
import './testcontainers-settings.ts';
import { GenericContainer } from 'testcontainers';

type PortBinding = { HostIp?: string; HostPort?: string };

export class LoopbackContainer extends GenericContainer {
  /** Publishes container ports on random 127.0.0.1 ports (testcontainers would bind 0.0.0.0). */
  withLoopbackPorts(...ports: number[]): this {
    this.withExposedPorts(...ports);
    const bindings = this.hostConfig.PortBindings as Record<string, PortBinding[]> | undefined;
    for (const port of ports) {
      for (const binding of bindings?.[`${port}/tcp`] ?? []) binding.HostIp = '127.0.0.1';
    }
    return this;
  }

  /**
   * Attaches the container to `network` and to nothing else, reachable there as `aliases`.
   * testcontainers' own withNetworkAliases creates the container on Docker's default bridge and
   * connects `network` afterwards, which leaves it on both, and the default bridge has a route out
   * of the machine. Here the aliases go into the create call, so the default bridge never appears.
   */
  withOnlyNetwork(network: string, ...aliases: string[]): this {
    this.withNetworkMode(network);
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { Aliases: aliases } } };
    return this;
  }

  /** Docker restarts the container when it exits with an error, up to `attempts` times. */
  withRestartOnFailure(attempts: number): this {
    this.hostConfig.RestartPolicy = { Name: 'on-failure', MaximumRetryCount: attempts };
    return this;
  }
}
