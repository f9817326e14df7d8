// What the oracle says when the Operator's record tells how its stop ended, word for word: the
// reasoning a failing verdict shows for each mode the operator used instead of a savepoint, and the
// record as checks and reports name it. Written for mutants `./run mutation oracle` left alive.
import { describe, expect, it } from 'vitest';
import { expectRestore } from '../../../harness/oracle/expect.ts';
import { describeStopSavepointRecord } from '../../../harness/oracle/snapshot.ts';

const chk5 = { kind: 'checkpoint' as const, id: 5, path: 's3://f/chk-5', completedAt: 1_000, seenBy: ['rest' as const] };

describe('the operator took no savepoint', () => {
  it('last-state: it falls back to the newest checkpoint, and says why', () => {
    const expectation = expectRestore({ strategy: 'UPGRADE_SAVEPOINT', faultAt: 5_000, observed: [chk5], stopSavepoint: { savepoint: 'none', modeUsed: 'last-state', restoresAs: 'LAST_STATE', field: 'status.x' } });
    expect(expectation.expected).toEqual({ kind: 'checkpoint', id: 5, path: 's3://f/chk-5' });
    expect(expectation.reasoning[0]).toBe("status.x records that the operator's stop took no savepoint (it stopped the job in last-state mode), so savepoint mode falls back to last-state: "
      + 'it kept the HA metadata (last-state), so the newest checkpoint recorded there is expected');
  });

  it('stateless: an empty start, and no fallback named', () => {
    const expectation = expectRestore({ strategy: 'UPGRADE_SAVEPOINT', faultAt: 5_000, observed: [chk5], stopSavepoint: { savepoint: 'none', modeUsed: 'stateless', restoresAs: 'NONE', field: 'status.x' } });
    expect(expectation.expected).toEqual({ kind: 'none' });
    expect(expectation.reasoning[0]).toBe("status.x records that the operator's stop took no savepoint (it stopped the job in stateless mode): it cancelled the job (stateless), so the job starts with empty state");
  });

  it("a mode restoring as another strategy (another platform's semantics): named as such", () => {
    const expectation = expectRestore({ strategy: 'UPGRADE_SAVEPOINT', faultAt: 5_000, observed: [chk5], stopSavepoint: { savepoint: 'none', modeUsed: 'last-state', restoresAs: 'FAILOVER', field: 'status.x' } });
    expect(expectation.reasoning[0]).toBe("status.x records that the operator's stop took no savepoint (it stopped the job in last-state mode): it stopped the job in last-state mode, which restores as FAILOVER");
  });
});

describe('describeStopSavepointRecord', () => {
  it('names the field and the path without trailing slashes, or why the record is unknown', () => {
    expect(describeStopSavepointRecord({ savepoint: 'taken', field: 'f', path: 's3://f/sp-1//' })).toBe('f = s3://f/sp-1');
    expect(describeStopSavepointRecord({ savepoint: 'unknown', why: 'no status' })).toBe('unknown (no status)');
  });
});
