import { describe, expect, it } from 'vitest';
import { demultiplex } from '../../../harness/platforms/docker/docker-api.ts';
import { ownedLabels, ownerIsGone } from '../../../harness/platforms/docker/labels.ts';

const frame = (stream: number, text: string): Buffer => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};

describe('docker log demultiplexing', () => {
  it('joins stdout and stderr frames in order', () => {
    expect(demultiplex(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more')]))).toBe('out\nerr\nmore');
  });
  it('passes TTY logs (no frames) through', () => {
    expect(demultiplex(Buffer.from('plain text'))).toBe('plain text');
  });
});

describe('ownership labels', () => {
  it('a resource of this live process is not a leftover', () => {
    expect(ownerIsGone(ownedLabels('run1', 'probe'))).toBe(false);
  });
  it('a resource whose owner process is gone is a leftover; unlabelled ones never are', () => {
    expect(ownerIsGone({ ...ownedLabels('run1', 'probe'), 'dev.frh.owner-pid': '999999999' })).toBe(true);
    expect(ownerIsGone({ 'dev.frh.owner-pid': '999999999' })).toBe(false);
    expect(ownerIsGone(undefined)).toBe(false);
  });
});

describe('rootCauseLine', () => {
  it('prefers the last Caused by, else the last ERROR line', async () => {
    const { rootCauseLine } = await import('../../../harness/platforms/flink-logs.ts');
    expect(rootCauseLine('x\nCaused by: A\n  at y\nCaused by: B: why\n')).toBe('Caused by: B: why');
    expect(rootCauseLine('2026 INFO ok\n2026 ERROR  Foo [] - bad thing\n')).toBe('2026 ERROR  Foo [] - bad thing');
    expect(rootCauseLine('all fine')).toBeUndefined();
  });
});

describe('FRH_DOCKER_NETWORK', () => {
  it('defaults to internal networks; published is the fallback; anything else is bad input', async () => {
    const { dockerNetworkMode } = await import('../../../harness/platforms/docker/network-access.ts');
    const { BadInputError } = await import('../../../harness/support/errors.ts');
    expect(dockerNetworkMode({})).toBe('internal');
    expect(dockerNetworkMode({ FRH_DOCKER_NETWORK: '' })).toBe('internal');
    expect(dockerNetworkMode({ FRH_DOCKER_NETWORK: 'internal' })).toBe('internal');
    expect(dockerNetworkMode({ FRH_DOCKER_NETWORK: 'published' })).toBe('published');
    expect(() => dockerNetworkMode({ FRH_DOCKER_NETWORK: 'bridge' })).toThrow(BadInputError);
    expect(() => dockerNetworkMode({ FRH_DOCKER_NETWORK: 'bridge' })).toThrow('FRH_DOCKER_NETWORK=bridge: expected internal or published');
  });

  it('on an internal network nothing is published and readiness needs no published port', async () => {
    const { NetworkAccess } = await import('../../../harness/platforms/docker/network-access.ts');
    const { LoopbackContainer } = await import('../../../harness/platforms/docker/loopback-container.ts');
    const internal = new NetworkAccess('net', 'internal');
    const published = new NetworkAccess('net', 'published');
    const portsOf = (c: InstanceType<typeof LoopbackContainer>): unknown => (c as unknown as { exposedPorts: unknown[] }).exposedPorts;
    expect(portsOf(internal.expose(new LoopbackContainer('img'), 9000))).toEqual([]);
    expect(portsOf(published.expose(new LoopbackContainer('img'), 9000))).toHaveLength(1);
    expect(internal.internal).toBe(true);
    expect(published.internal).toBe(false);
    expect(internal.httpReady('/h', 9000).constructor.name).toBe('OnNetworkWaitStrategy');
    expect(internal.portReady(2181).withStartupTimeout(5_000).getStartupTimeout()).toBe(5_000);
    expect(published.httpReady('/h', 9000).constructor.name).toBe('HttpWaitStrategy');
  });
});
