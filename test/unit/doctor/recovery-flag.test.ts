// A restore path pinned on the JobManager's command line (Flink's docs list `--fromSavepoint` among
// standalone-job's optional arguments) is read like the configured one: without HA every restart
// goes back to it.
import { describe, expect, it } from 'vitest';
import { parseDocuments, recoveryPathFlag } from '../../../harness/doctor/documents.ts';
import { checkDocument } from '../../../harness/doctor/rules.ts';

describe('a restore path on the command line', () => {
  it("is read from standalone-job's and flink run's flags, as written", () => {
    expect(recoveryPathFlag(['standalone-job', '--job-classname', 'a.B', '--fromSavepoint', 's3://b/sp-1'])).toEqual({ setting: '--fromSavepoint', value: 's3://b/sp-1' });
    expect(recoveryPathFlag(['standalone-job', '--fromSavepoint=s3://b/sp-2'])).toEqual({ setting: '--fromSavepoint', value: 's3://b/sp-2' });
    expect(recoveryPathFlag(['/opt/flink/bin/flink', 'run', '-s', 's3://b/sp-3', 'job.jar'])).toEqual({ setting: '-s', value: 's3://b/sp-3' });
    expect(recoveryPathFlag(['/docker-entrypoint.sh', 'standalone-job.sh', '-s', "'s3://b/sp-4'"])).toEqual({ setting: '-s', value: 's3://b/sp-4' });
    // A shell command is one word.
    expect(recoveryPathFlag(['sh', '-c', 'exec /docker-entrypoint.sh standalone-job --fromSavepoint s3://b/sp-5 --job-classname a.B'])).toEqual({ setting: '--fromSavepoint', value: 's3://b/sp-5' });
  });

  it('is not a short -s of another command, nor a flag without its value', () => {
    expect(recoveryPathFlag(['jobmanager', '-s', 's3://b/sp-1'])).toBeUndefined();
    expect(recoveryPathFlag(['standalone-job', '--fromSavepoint', '--allowNonRestoredState'])).toBeUndefined();
    expect(recoveryPathFlag(['standalone-job', '--fromSavepoint'])).toBeUndefined();
    expect(recoveryPathFlag(['standalone-job', '--job-classname', 'a.B'])).toBeUndefined();
  });

  const workload = (args: string, ha = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: flink-jobmanager}
spec:
  template:
    spec:
      containers:
        - name: jobmanager
          image: flink:2.1.0
          args: ${args}
          env:
            - name: FLINK_PROPERTIES
              value: |
                execution.checkpointing.interval: 10s
${ha}`;

  it('pins every restart without HA (fixed-recovery-path), and not with HA', () => {
    const pinned = parseDocuments('jm.yaml', workload('["standalone-job", "--fromSavepoint", "s3://b/sp-9"]')).flatMap(checkDocument).find((f) => f.rule === 'fixed-recovery-path');
    expect(pinned).toMatchObject({ severity: 'warning', setting: '--fromSavepoint', message: expect.stringContaining('--fromSavepoint is s3://b/sp-9 and HA is off') });
    const withHa = workload('["standalone-job", "--fromSavepoint", "s3://b/sp-9"]', '                high-availability.type: kubernetes\n                high-availability.storageDir: s3://b/ha\n                kubernetes.cluster-id: clicks\n');
    expect(parseDocuments('jm.yaml', withHa).flatMap(checkDocument).some((f) => f.rule === 'fixed-recovery-path')).toBe(false);
    expect(parseDocuments('jm.yaml', workload('["standalone-job"]')).flatMap(checkDocument).some((f) => f.rule === 'fixed-recovery-path')).toBe(false);
  });
});
