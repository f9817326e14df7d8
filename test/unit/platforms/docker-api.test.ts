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
