// The storage-outage step against a fake deployment: it checks the ability, records the failed
// checkpoints, and always brings storage back.
import { describe, expect, it } from 'vitest';
import { storageOutageUntilCheckpointFails } from '../../../harness/faults/index.ts';
import { MissingAbilityError } from '../../../harness/faults/fault.ts';
import type { StepContext } from '../../../harness/scenario/steps.ts';
import { GiveUpError } from '../../../harness/support/wait.ts';

interface FakeRest {
  checkpoints(jobId: string): Promise<unknown>;
  job(jobId: string): Promise<unknown>;
}

function context(deployment: Record<string, unknown>): StepContext {
  return {
    deployment: { platform: 'fake', jobId: 'j1', spec: { name: 'fake' }, ...deployment },
    watcher: { waitFor: async () => undefined },
    triggered: [],
    notes: {},
  } as unknown as StepContext;
}

describe('storageOutageUntilCheckpointFails', () => {
  it('is a missing ability on a platform that cannot interrupt storage', async () => {
    await expect(storageOutageUntilCheckpointFails().run(context({}))).rejects.toBeInstanceOf(MissingAbilityError);
  });

  it('stops storage until a checkpoint fails, starts it again and records the failed ids', async () => {
    const events: string[] = [];
    let down = false;
    const rest: FakeRest = {
      checkpoints: async () => down
        ? { counts: { failed: 1 }, history: [{ id: 7, status: 'FAILED' }, { id: 6, status: 'COMPLETED' }] }
        : { counts: { failed: 0 }, history: [] },
      job: async () => ({ state: 'RUNNING', vertices: [{ status: 'RUNNING' }] }),
    };
    const ctx = context({
      rest,
      stopStorage: async () => { events.push('stop'); down = true; },
      startStorage: async () => { events.push('start'); },
    });
    await storageOutageUntilCheckpointFails().run(ctx);
    expect(events).toEqual(['stop', 'start']);
    expect(ctx.notes.failedCheckpoints).toEqual([7]);
    expect(typeof ctx.notes.runningAgainAfterStorageBackMs).toBe('number');
  });

  it('brings storage back even when waiting for the failure gives up', async () => {
    const events: string[] = [];
    let down = false;
    const rest: FakeRest = {
      checkpoints: async () => {
        if (down) throw new GiveUpError('JobManager exited');
        return { counts: { failed: 0 } };
      },
      job: async () => ({ state: 'RUNNING', vertices: [] }),
    };
    const ctx = context({
      rest,
      stopStorage: async () => { events.push('stop'); down = true; },
      startStorage: async () => { events.push('start'); },
    });
    await expect(storageOutageUntilCheckpointFails().run(ctx)).rejects.toThrow('JobManager exited');
    expect(events).toEqual(['stop', 'start']);
  });
});
