import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../harness/scenario/errors.ts';
import { WaitTimeoutError } from '../../../harness/support/wait.ts';
import { JobManagerExitedError, JobWillNotRunError } from '../../../harness/platforms/platform.ts';

describe('classifyError', () => {
  it('a wait that ran out and a job its JobManager says it will never run are both TIMEOUT, with the message', () => {
    expect(classifyError(new WaitTimeoutError('the resumed job to run under the operator', 300_000)).verdict).toBe('TIMEOUT');
    const ignored = new JobWillNotRunError('the job of probe will not run: Ignoring JobGraph submission');
    expect(classifyError(ignored)).toEqual({ verdict: 'TIMEOUT', message: 'the job of probe will not run: Ignoring JobGraph submission' });
  });

  it('any other give-up is infrastructure', () => {
    expect(classifyError(new JobManagerExitedError('the JobManager exited')).verdict).toBe('INFRA_ERROR');
  });
});
