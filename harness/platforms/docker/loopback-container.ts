// A GenericContainer whose published ports listen on 127.0.0.1 only: harness traffic stays on loopback.
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

  /** Docker restarts the container when it exits with an error, up to `attempts` times. */
  withRestartOnFailure(attempts: number): this {
    this.hostConfig.RestartPolicy = { Name: 'on-failure', MaximumRetryCount: attempts };
    return this;
  }
}
