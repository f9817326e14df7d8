import { describe, expect, it } from 'vitest';
import { restoredDoomedCheckpoint } from '../../../harness/scenario/run-scenario.ts';

const chk = { kind: 'checkpoint' as const, id: 4, path: 's3://flink/checkpoints/j/chk-4' };

describe('a resume that restored a checkpoint Flink was about to discard', () => {
  it('is named when the retention discards checkpoints on that kind of end', () => {
    expect(restoredDoomedCheckpoint('NO_EXTERNALIZED_CHECKPOINTS', 'cancel', chk)).toMatch(/checkpoint 4 .* under retention NO_EXTERNALIZED_CHECKPOINTS: it was in storage only because the resume came before Flink's cleanup/);
    expect(restoredDoomedCheckpoint('NO_EXTERNALIZED_CHECKPOINTS', 'terminal-failure', chk)).toBeDefined();
    expect(restoredDoomedCheckpoint('DELETE_ON_CANCELLATION', 'cancel', chk)).toBeDefined();
  });

  it('is not raised where Flink keeps the checkpoint, or nothing or a savepoint was restored', () => {
    expect(restoredDoomedCheckpoint('RETAIN_ON_CANCELLATION', 'cancel', chk)).toBeUndefined();
    expect(restoredDoomedCheckpoint('DELETE_ON_CANCELLATION', 'terminal-failure', chk)).toBeUndefined();
    expect(restoredDoomedCheckpoint('NO_EXTERNALIZED_CHECKPOINTS', 'cancel', { kind: 'savepoint', id: 3, path: 's3://flink/savepoints/savepoint-aaaaaa-1' })).toBeUndefined();
    expect(restoredDoomedCheckpoint('NO_EXTERNALIZED_CHECKPOINTS', 'cancel', null)).toBeUndefined();
  });
});
