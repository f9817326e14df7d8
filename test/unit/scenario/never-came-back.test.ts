// A resume that chose a snapshot Flink then could not restore (its `_metadata` gone) still says what
// was chosen and by whom: the line no longer waits for a restore that never happens.
import { describe, expect, it } from 'vitest';
import { judgeNeverCameBack } from '../../../harness/scenario/run-scenario.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';

const chk = (id: number) => ({ kind: 'checkpoint' as const, id, path: `s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-${id}` });
const expectation: Expectation = { strategy: 'LATEST_STATE', expected: chk(7), acceptable: [chk(7)], candidates: [], reasoning: [], configNotes: [] };
const missingMetadata = 'java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory \'s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5/_metadata\'';

describe('a job that never came back after a resume chose what to restore', () => {
  it('names the pick and who made it, and that it was not the expected snapshot', () => {
    const { verdict, explanation } = judgeNeverCameBack(expectation, missingMetadata, { decidedBy: 'the resume command "./deploy/resume.sh"', chose: chk(5) });
    expect(verdict).toBe('NO_RESTORE');
    expect(explanation).toContain('the job never came back after the resume command "./deploy/resume.sh" chose checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5), which is not what the oracle expects: java.io.FileNotFoundException');
    expect(explanation).toContain('Expected checkpoint 7');
  });

  it('names an acceptable pick without blaming it', () => {
    const { explanation } = judgeNeverCameBack(expectation, 'the JobManager exited: OutOfMemoryError', { decidedBy: 'LATEST_STATE (reference model)', chose: chk(7) });
    expect(explanation).toMatch(/^the job never came back after LATEST_STATE \(reference model\) chose checkpoint 7 \([^)]*\): the JobManager exited/);
    expect(explanation).not.toMatch(/not what the oracle expects/);
  });

  it('without a resume pick (a failover, or the Operator deciding unseen) says only what failed', () => {
    const { verdict, explanation } = judgeNeverCameBack(expectation, 'the JobManager exited: OutOfMemoryError');
    expect(verdict).toBe('INFRA_ERROR');
    expect(explanation).toMatch(/^the job never came back: the JobManager exited/);
  });
});
