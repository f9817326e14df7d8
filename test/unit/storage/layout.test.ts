// Flink's storage layout as pure functions, above all numeric ordering: chk-9 comes before chk-10.
import { describe, expect, it } from 'vitest';
import { checkpointNumber, completedBy, orderSnapshots, parseCheckpointKey, parseSavepointKey } from '../../../harness/storage/layout.ts';
import type { Snapshot } from '../../../harness/oracle/snapshot.ts';

const checkpoint = (id: number, completedAt?: number): Snapshot => ({
  kind: 'checkpoint',
  id,
  path: `s3://flink/checkpoints/job/chk-${id}`,
  ...(completedAt !== undefined ? { completedAt } : {}),
  seenBy: ['storage'],
});

describe('orderSnapshots', () => {
  it('orders by id as a number: chk-9 before chk-10 before chk-100', () => {
    const ordered = orderSnapshots([checkpoint(10), checkpoint(100), checkpoint(9), checkpoint(2)]);
    expect(ordered.map((s) => s.id)).toEqual([2, 9, 10, 100]);
    // The trap it avoids: text order puts chk-9 last.
    expect([checkpoint(10), checkpoint(9)].map((s) => s.path).sort().at(-1)).toBe('s3://flink/checkpoints/job/chk-9');
  });

  it('does not modify its input', () => {
    const input = [checkpoint(10), checkpoint(9)];
    orderSnapshots(input);
    expect(input.map((s) => s.id)).toEqual([10, 9]);
  });
});

describe('checkpointNumber', () => {
  it('parses chk-N only', () => {
    expect(checkpointNumber('chk-9')).toBe(9);
    expect(checkpointNumber('chk-10')).toBe(10);
    expect(checkpointNumber('chk-0')).toBe(0);
    for (const name of ['chk-', 'chk-1a', 'chk-01', 'shared', 'taskowned', 'chk--1']) expect(checkpointNumber(name)).toBeUndefined();
  });
});

describe('parseCheckpointKey', () => {
  it('accepts <jobId>/chk-N/_metadata and nothing else', () => {
    expect(parseCheckpointKey('abc/chk-12/_metadata')).toEqual({ jobId: 'abc', id: 12, dir: 'abc/chk-12' });
    expect(parseCheckpointKey('abc/chk-12/0f9c-state')).toBeUndefined();
    expect(parseCheckpointKey('abc/shared/_metadata')).toBeUndefined();
    expect(parseCheckpointKey('abc/chk-12/sub/_metadata')).toBeUndefined();
    expect(parseCheckpointKey('chk-12/_metadata')).toBeUndefined();
  });
});

describe('parseSavepointKey', () => {
  it('accepts savepoint-*/_metadata directly under the directory and keeps the job id prefix', () => {
    expect(parseSavepointKey('savepoint-a1b2c3-0123456789ab/_metadata')).toEqual({ dir: 'savepoint-a1b2c3-0123456789ab', jobIdPrefix: 'a1b2c3' });
    expect(parseSavepointKey('savepoint-custom/_metadata')).toEqual({ dir: 'savepoint-custom', jobIdPrefix: '' });
    expect(parseSavepointKey('savepoint-a1b2c3-0123456789ab/op-state')).toBeUndefined();
    expect(parseSavepointKey('nested/savepoint-a1b2c3-01/_metadata')).toBeUndefined();
  });
});

describe('completedBy', () => {
  it('keeps snapshots completed at or before the time, drops ones without a time', () => {
    const kept = completedBy([checkpoint(1, 100), checkpoint(2, 200), checkpoint(3, 201), checkpoint(4)], 200);
    expect(kept.map((s) => s.id)).toEqual([1, 2]);
  });
});
