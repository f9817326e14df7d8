import { describe, expect, it } from 'vitest';
import { flinkClockOffset } from '../../../harness/scenario/clocks.ts';
import type { Deployment } from '../../../harness/platforms/platform.ts';

/** A JobManager whose clock runs `skewMs` ahead of the host's; only what the measurement reads. */
const jobManagerAhead = (skewMs: number): Deployment =>
  ({ jobId: 'j', rest: { job: async () => ({ jid: 'j', state: 'RUNNING', now: Date.now() + skewMs }) } }) as unknown as Deployment;

describe("Flink's clock against the host's", () => {
  it('finds a JobManager 5 s ahead or 3 s behind within a few milliseconds', async () => {
    expect(Math.abs((await flinkClockOffset(jobManagerAhead(5_000))) - 5_000)).toBeLessThan(50);
    expect(Math.abs((await flinkClockOffset(jobManagerAhead(-3_000))) + 3_000)).toBeLessThan(50);
  });

  it('says 0 for a Flink that reports no time', async () => {
    const silent = { jobId: 'j', rest: { job: async () => ({ jid: 'j', state: 'RUNNING' }) } } as unknown as Deployment;
    expect(await flinkClockOffset(silent)).toBe(0);
  });
});
