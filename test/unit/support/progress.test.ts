// Progress lines quote errors and logs; a registered secret never reaches the terminal.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progress } from '../../../harness/support/progress.ts';
import { REDACTED, treatAsSecret } from '../../../harness/support/redact.ts';

describe('progress', () => {
  afterEach(() => vi.restoreAllMocks());

  it('redacts secrets and credential settings', () => {
    treatAsSecret('hunter2-progress');
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    vi.stubEnv('FRH_QUIET', '0');
    progress('apply failed: Secret minio-credentials {"secretKey":"hunter2-progress"}; s3.access-key: AKIA123');
    vi.unstubAllEnvs();
    expect(written.join('')).toContain(`{"secretKey":"${REDACTED}"}; s3.access-key: ${REDACTED}`);
    expect(written.join('')).not.toMatch(/hunter2|AKIA123/);
  });
});
