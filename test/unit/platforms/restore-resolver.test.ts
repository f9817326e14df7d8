import { describe, expect, it } from 'vitest';
import { lexicographicSnapshot, newestSnapshot, savepointBlindSnapshot, secondNewestSnapshot } from '../../../harness/platforms/restore-resolver.ts';
import type { Snapshot } from '../../../harness/oracle/snapshot.ts';

const chk = (id: number, at: number): Snapshot => ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/j/chk-${id}`, completedAt: at, seenBy: ['storage'] });
const sp = (id: number, at: number): Snapshot => ({ kind: 'savepoint', id, path: `s3://flink/savepoints/savepoint-j-${id}`, completedAt: at, seenBy: ['storage'] });

describe('restore resolvers', () => {
  const stored = [chk(9, 900), chk(10, 1000), sp(8, 800)];

  it('newest takes the most recently completed snapshot, numerically (chk-10 over chk-9)', () => {
    expect(newestSnapshot(stored, 'LATEST_STATE')).toMatchObject({ kind: 'checkpoint', id: 10 });
    expect(newestSnapshot([...stored, sp(11, 1100)], 'LATEST_STATE')).toMatchObject({ kind: 'savepoint', id: 11 });
    expect(newestSnapshot(stored, 'LATEST_SAVEPOINT')).toMatchObject({ kind: 'savepoint', id: 8 });
    expect(newestSnapshot(stored, 'NONE')).toEqual({ kind: 'none' });
    expect(newestSnapshot([], 'LATEST_STATE')).toEqual({ kind: 'none' });
  });

  it('time decides across lineages even when ids went down after a resume', () => {
    expect(newestSnapshot([chk(50, 1000), chk(12, 2000)], 'LATEST_STATE')).toMatchObject({ id: 12 });
  });

  it('the deliberately broken resolvers really choose wrongly', () => {
    expect(secondNewestSnapshot(stored, 'LATEST_STATE')).toMatchObject({ id: 9 });
    expect(lexicographicSnapshot([chk(9, 900), chk(10, 1000)], 'FAILOVER')).toMatchObject({ id: 9 });
    expect(savepointBlindSnapshot([chk(9, 900), sp(11, 1100)], 'LATEST_STATE')).toMatchObject({ kind: 'checkpoint', id: 9 });
  });
});
