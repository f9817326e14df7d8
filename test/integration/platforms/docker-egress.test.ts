// Issue 16, "nothing leaves the machine": a container on a run's Docker network (created by the same
// createNetwork the platform uses) reaches the other containers of that network, and nothing outside:
// no TCP connection to an outside address, no answer for an outside name. The positive control (the
// same probes against a peer container) shows the probes work, so the negative ones can fail.
// "Outside" is only ever a documentation address (198.51.100.1, TEST-NET-2, RFC 5737) and a
// documentation name (example.org, RFC 2606); the probes run only once the network is known to be
// internal, so even a regression sends nothing off this machine.
// With FRH_DOCKER_NETWORK=published (engines whose container IPs the harness cannot reach) run
// networks are ordinary bridges by design: the test says so and skips.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedTestContainer } from 'testcontainers';
import { createNetwork, docker, sweep } from '../../../harness/platforms/docker/docker-api.ts';
import { imageFor } from '../../../harness/platforms/images.ts';
import { RUN_LABEL, ownedLabels } from '../../../harness/platforms/docker/labels.ts';
import { LoopbackContainer } from '../../../harness/platforms/docker/loopback-container.ts';
import { NetworkAccess, dockerNetworkMode } from '../../../harness/platforms/docker/network-access.ts';

const OUTSIDE_ADDRESS = '198.51.100.1';
const OUTSIDE_NAME = 'example.org';
const PEER_PORT = 8080;
const PEER_GREETING = 'frh-peer-ok';

/** A one-line TCP server (perl is in frh/base): greets every connection. */
const PEER_SERVER = `use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => ${PEER_PORT}, Listen => 5, ReuseAddr => 1) or die "listen: $!"; `
  + `print "listening\\n"; STDOUT->flush; while (my $c = $s->accept) { print $c "${PEER_GREETING}\\n"; close $c }`;

/** The first line a TCP server sends, read from this process. */
function greetingFrom(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ host, port, timeout: 5_000 });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.once('end', () => resolve(text.trim()));
    socket.once('timeout', () => socket.destroy(new Error(`no answer from ${host}:${port}`)));
    socket.once('error', reject);
  });
}

describe.skipIf(dockerNetworkMode() === 'published')('a container on a run\'s Docker network', () => {
  const runId = `${inject('runId')}-egress`;
  const networkName = `frh-${runId}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60);
  const labels = ownedLabels(runId, 'egress');
  const access = new NetworkAccess(networkName, 'internal');
  let networkId = '';
  const started: StartedTestContainer[] = [];
  let probe: StartedTestContainer;
  let peer: StartedTestContainer;

  /** Runs `script` with bash in the probe container: exit code and output. */
  const inProbe = async (script: string): Promise<{ exitCode: number; output: string }> => {
    const { exitCode, output } = await probe.exec(['bash', '-c', script]);
    return { exitCode, output: output.trim() };
  };

  /**
   * Fails unless every network the probe container is on is internal: the outside probes must never
   * run from a container with a route out (one more network, such as Docker's default bridge, would be one).
   */
  const requireInternal = async (): Promise<void> => {
    const networks = (await docker().getContainer(probe.getId()).inspect()).NetworkSettings.Networks;
    expect(Object.keys(networks), 'the probe is on the run\'s network only').toEqual([networkName]);
    for (const name of Object.keys(networks)) {
      expect((await docker().getNetwork(name).inspect()).Internal, `${name} is a Docker internal network`).toBe(true);
    }
  };

  beforeAll(async () => {
    networkId = (await createNetwork(networkName, labels)).id; // the platform's call, with its default
    const base = imageFor('base');
    const container = (alias: string): LoopbackContainer =>
      new LoopbackContainer(base).withName(`${networkName}-${alias}`).withOnlyNetwork(networkName, alias).withLabels(labels); // as the platform starts its containers
    peer = await container('peer').withCommand(['perl', '-e', PEER_SERVER]).withWaitStrategy(access.portReady(PEER_PORT)).start();
    started.push(peer);
    probe = await container('probe').withCommand(['sleep', 'infinity']).start();
    started.push(probe);
  });

  afterAll(async () => {
    await Promise.all(started.map((c) => c.stop({ remove: true, removeVolumes: true, timeout: 0 }).catch(() => undefined)));
    if (networkId) await docker().getNetwork(networkId).remove().catch(() => undefined);
    await sweep(runId); // anything of this test's own run id the lines above missed
    expect(await docker().listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } })).toEqual([]);
    expect(await docker().listNetworks({ filters: { label: [`${RUN_LABEL}=${runId}`] } })).toEqual([]);
  });

  it('is on an internal network that carries the run\'s labels, with nothing published', async () => {
    const network = await docker().getNetwork(networkId).inspect();
    expect(network.Internal).toBe(true);
    expect(network.Labels).toMatchObject({ [RUN_LABEL]: runId, 'dev.frh.managed': 'true' });
    for (const container of started) {
      const info = await docker().getContainer(container.getId()).inspect();
      expect(Object.keys(info.NetworkSettings.Networks)).toEqual([networkName]);
      expect(Object.values(info.NetworkSettings.Ports ?? {}).filter((bindings) => bindings?.length)).toEqual([]);
    }
  });

  it('positive control: reaches another container of the same network by name, and the harness reaches it at its IP', async () => {
    expect(await inProbe('getent hosts peer')).toMatchObject({ exitCode: 0, output: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+\s+peer/) });
    expect(await inProbe(`timeout 5 bash -c 'exec 3<>/dev/tcp/peer/${PEER_PORT}; head -n1 <&3'`)).toEqual({ exitCode: 0, output: PEER_GREETING });
    const [host = ''] = (await access.endpointOf(peer, PEER_PORT)).split(':');
    expect(await inProbe(`timeout 5 bash -c 'exec 3<>/dev/tcp/${host}/${PEER_PORT}; head -n1 <&3'`)).toEqual({ exitCode: 0, output: PEER_GREETING });
    expect(await greetingFrom(host, PEER_PORT)).toBe(PEER_GREETING); // from this process, as the harness reaches MinIO or Flink's REST

  });

  it(`cannot open a TCP connection to an outside address (${OUTSIDE_ADDRESS})`, async () => {
    await requireInternal();
    for (const port of [80, 443]) {
      const attempt = await inProbe(`timeout 5 bash -c 'exec 3<>/dev/tcp/${OUTSIDE_ADDRESS}/${port}' && echo connected`);
      expect(attempt.output, `connect to ${OUTSIDE_ADDRESS}:${port}`).not.toContain('connected');
      expect(attempt.exitCode, `connect to ${OUTSIDE_ADDRESS}:${port}`).not.toBe(0);
    }
  });

  it(`cannot resolve an outside name (${OUTSIDE_NAME}), while the network's own names resolve`, async () => {
    await requireInternal();
    // getent exits 2 for "not found". Docker's embedded DNS gives up on the name after its forward
    // attempts go unanswered (about 20 s on Docker 20.10), hence the generous limit.
    const outside = await inProbe(`timeout 45 getent hosts ${OUTSIDE_NAME}; echo "exit=$?"`);
    expect(outside.output).toBe('exit=2');
    expect(await inProbe('getent hosts probe peer | wc -l')).toEqual({ exitCode: 0, output: '2' });
  }, 90_000);
});
