import { describe, expect, it } from 'vitest';
import { GiveUpError, WaitTimeoutError, waitFor } from '../../../harness/support/wait.ts';

describe('waitFor', () => {
  it('returns the first defined value, treating throws as not yet', async () => {
    let calls = 0;
    const value = await waitFor('third try', async () => {
      calls++;
      if (calls === 1) throw new Error('not ready');
      return calls === 3 ? 'ready' : undefined;
    }, { timeoutMs: 5_000, intervalMs: 1, progressEveryMs: 0 });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('times out naming what it waited for and the last problem', async () => {
    await expect(waitFor('the moon', async () => { throw new Error('still night'); }, { timeoutMs: 30, intervalMs: 5, progressEveryMs: 0 }))
      .rejects.toThrow(WaitTimeoutError);
    await expect(waitFor('the moon', async () => { throw new Error('still night'); }, { timeoutMs: 30, intervalMs: 5, progressEveryMs: 0 }))
      .rejects.toThrow(/waiting for the moon \(last: still night\)/);
  });

  it('gives up at once on a GiveUpError', async () => {
    const started = Date.now();
    await expect(waitFor('a dead process', async () => { throw new GiveUpError('it exited'); }, { timeoutMs: 10_000, intervalMs: 5 }))
      .rejects.toThrow('it exited');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
