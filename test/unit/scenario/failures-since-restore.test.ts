// A restored job that fails again and again never completes a checkpoint; the settle wait's timeout
// then says why, from the job's exception history (here one recorded from a real Flink: the failover
// after a TaskManager kill, test/fixtures/record-flink-rest.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobExceptionsSchema } from '../../../harness/flink/schemas.ts';
import { failuresSince } from '../../../harness/scenario/observe.ts';

const recorded = JobExceptionsSchema.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/flink-rest/2.1.0/job-exceptions.json'), 'utf8')));
const failedAt = recorded.exceptionHistory?.entries[0]?.timestamp ?? 0;

describe('the failures of a job since its restore', () => {
  it('counts those at or after the restore and names the newest by its first line', () => {
    expect(failuresSince(recorded, failedAt)).toBe(
      'the job\'s exception history shows 1 failure since the restore (it keeps only the newest); the newest (probe-state -> probe-sink: Writer -> probe-sink: Committer (2/2) - execution #0): org.apache.flink.runtime.resourcemanager.exceptions.ResourceManagerException: TaskManager with id taskmanager-0:34859-d932d0 is no longer reachable.',
    );
  });

  it('says nothing when the job has not failed since the restore', () => {
    expect(failuresSince(recorded, failedAt + 1)).toBeUndefined();
    expect(failuresSince({ exceptionHistory: { entries: [] } })).toBeUndefined();
  });

  it('takes the newest of several, counts only those since the restore and cuts a long line', () => {
    const long = `java.lang.IllegalArgumentException: Trying to commit incomplete batch of committables subtask=1, manager=${'x'.repeat(600)}`;
    const history = {
      exceptionHistory: {
        entries: [
          { exceptionName: 'java.lang.IllegalStateException', stacktrace: 'java.lang.IllegalStateException: older', timestamp: 2_000 },
          { exceptionName: 'java.lang.IllegalArgumentException', stacktrace: `${long}\n\tat org.apache.flink.Some.frame(Some.java:1)`, timestamp: 3_000, taskName: 'Sink: Committer (2/2)' },
          { exceptionName: 'java.lang.Exception', stacktrace: 'java.lang.Exception: before the restore', timestamp: 500 },
        ],
      },
    };
    const described = failuresSince(history, 1_000);
    expect(described).toMatch(/^the job's exception history shows 2 failures since the restore \(it keeps only the newest\); the newest \(Sink: Committer \(2\/2\)\): java\.lang\.IllegalArgumentException: Trying to commit incomplete batch of committables/);
    expect(described?.endsWith('…')).toBe(true);
    expect(described).not.toContain('Some.frame');
  });
});
