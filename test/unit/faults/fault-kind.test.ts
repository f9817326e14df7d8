// Faults speak the oracle's vocabulary: one FaultKind, defined in oracle/, used by every fault.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Fault } from '../../../harness/faults/fault.ts';
import type { FaultKind } from '../../../harness/oracle/expect.ts';
import { cancelJob, deleteDeployment, deleteHaMetadata, deleteNewestCheckpointMetadata, failJobUntilRestartsExhausted, killJobManager, killTaskManager, noFault, replaceJobManager, stopWithSavepoint } from '../../../harness/faults/index.ts';

describe('FaultKind', () => {
  it('is the type of every fault\'s kind', () => {
    expectTypeOf<Fault['kind']>().toEqualTypeOf<FaultKind>();
  });

  it('names each fault in the oracle\'s words', () => {
    const kinds = Object.fromEntries([
      killTaskManager(), killJobManager(), replaceJobManager(), deleteDeployment(), deleteHaMetadata(),
      cancelJob(), stopWithSavepoint(), failJobUntilRestartsExhausted(), deleteNewestCheckpointMetadata(), noFault,
    ].map((f): [string, FaultKind] => [f.name, f.kind]));
    expect(kinds).toEqual({
      'kill-taskmanager': 'taskmanager-loss',
      'kill-jobmanager': 'jobmanager-loss',
      'replace-jobmanager': 'jobmanager-loss',
      'delete-deployment': 'deployment-deleted',
      'delete-ha-metadata': 'ha-metadata-loss',
      cancel: 'cancel',
      'stop-with-savepoint': 'stop-with-savepoint',
      'fail-until-restarts-exhausted': 'terminal-failure',
      'delete-newest-checkpoint-metadata': 'none',
      none: 'none',
    });
  });
});
