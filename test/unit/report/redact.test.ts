// The MinIO credentials never reach a report, whichever part of a result carries them.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunReport } from '../../../harness/report/results.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import { filesUnder, leakedCredentials } from '../../../harness/report/redact.ts';
import { gzipSync } from 'node:zlib';
import { S3_CREDENTIALS } from '../../../harness/platforms/generations.ts';
import { REDACTED, redactJson, redactText, secretsInArguments, secretsInSettings, secretsOfEnvironment, treatAsSecret } from '../../../harness/support/redact.ts';
import { treatDeploymentSecretsAsSecret } from '../../../harness/report/redact.ts';

const { accessKey, secretKey } = S3_CREDENTIALS;
const flinkLog = [
  'INFO  GlobalConfiguration - Loading configuration property: s3.access-key, frh-minio',
  `INFO  GlobalConfiguration - Loading configuration property: s3.secret-key, ${secretKey}`,
  `MINIO_ROOT_USER=${accessKey} MINIO_ROOT_PASSWORD=${secretKey}`,
].join('\n');

const leakyResult: ScenarioResult = {
  id: 'leaky', title: `uses ${accessKey}`, platform: 'docker', flinkVersion: '2.1.0', verdict: 'INFRA_ERROR', expectedVerdict: 'PASS',
  expected: null, observed: null,
  explanation: `S3 rejected ${accessKey}/${secretKey}: SignatureDoesNotMatch`,
  checks: [{ name: 'metadata', status: 'unknown', detail: `s3.secret-key: ${secretKey}`, evidence: { [secretKey]: accessKey } }],
  evidence: { diagnostics: { 'jobmanager-g1': flinkLog }, nested: [[{ secret: secretKey }]], at: new Date(0) },
  timings: { startedAt: 1, finishedAt: 2, phases: {} },
};

describe('report redaction', () => {
  it('writes no credential anywhere in the report folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-redact-'));
    await new RunReport(root, 'run-1').add(leakyResult);
    const files = filesUnder(join(root, 'run-1'));
    expect(files.map((f) => f.slice(root.length))).toEqual(['/run-1/index.html', '/run-1/junit.xml', '/run-1/leaky-docker-flink-2.1.0/bundle.tar.gz', '/run-1/results.json', '/run-1/scenarios/leaky-docker-flink-2.1.0.html', '/run-1/scenarios/leaky-docker-flink-2.1.0.json']);
    for (const file of files) {
      // The repro bundle is compressed: look inside.
      const text = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
      expect(text).not.toContain(accessKey);
      expect(text).not.toContain(secretKey);
    }
    expect(leakedCredentials(join(root, 'run-1'))).toEqual([]);
    const written = JSON.parse(readFileSync(join(root, 'run-1', 'results.json'), 'utf8')).results[0];
    expect(written.evidence.diagnostics['jobmanager-g1']).toMatch(`s3.secret-key, ${REDACTED}`);
    expect(written.evidence.at).toBe('1970-01-01T00:00:00.000Z');
    expect(written.explanation).toBe(`S3 rejected ${REDACTED}/${REDACTED}: SignatureDoesNotMatch`);
  });

  it('finds credentials a report should not have, file by file (through reports/latest too)', () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-leaks-'));
    writeFileSync(join(root, 'results.json'), JSON.stringify({ log: flinkLog }));
    writeFileSync(join(root, 'junit.xml'), `<testsuite name="${accessKey}"/>`);
    writeFileSync(join(root, 'clean.txt'), 'nothing here');
    writeFileSync(join(root, 'bundle.tar.gz'), gzipSync(Buffer.from(`logs/jobmanager.log\0${flinkLog}`)));
    expect(leakedCredentials(root)).toEqual([
      { file: 'bundle.tar.gz', credential: 'MinIO access key' },
      { file: 'bundle.tar.gz', credential: 'MinIO secret key' },
      { file: 'junit.xml', credential: 'MinIO access key' },
      { file: 'results.json', credential: 'MinIO access key' },
      { file: 'results.json', credential: 'MinIO secret key' },
    ]);
  });

  it('redacts credential settings whatever their value, and leaves Flink’s own mask alone', () => {
    expect(redactText('s3.secret-key: someone-elses-key')).toBe(`s3.secret-key: ${REDACTED}`);
    expect(redactText('AWS_SECRET_ACCESS_KEY=abc123 next')).toBe(`AWS_SECRET_ACCESS_KEY=${REDACTED} next`);
    expect(redactText('Loading configuration property: s3.secret-key, ******')).toBe('Loading configuration property: s3.secret-key, ******');
    expect(redactText('s3.endpoint: http://minio:9000')).toBe('s3.endpoint: http://minio:9000');
  });

  it('redacts by value: passwords in URLs, bearer tokens, secret settings and flags, whoever wrote them', () => {
    expect(redactText('HTTPS_PROXY=http://alice:pr0xy-pass@proxy.example:3128 next')).toBe(`HTTPS_PROXY=http://alice:${REDACTED}@proxy.example:3128 next`);
    expect(redactText('curl -H "Authorization: Bearer abc.def-123" https://x')).toBe(`curl -H "Authorization: Bearer ${REDACTED}" https://x`);
    expect(redactText('API_TOKEN=t0k3n-value ./resume.sh --password hunter22 --api-key=k3y-value')).toBe(`API_TOKEN=${REDACTED} ./resume.sh --password ${REDACTED} --api-key=${REDACTED}`);
    expect(redactText('"my.connector.password": "s3cret!"')).toBe(`"my.connector.password": "${REDACTED}"`);
    // Plain text that only mentions a secret word keeps its meaning; an s3:// path has no password.
    expect(redactText('the token expired; s3://flink/checkpoints/chk-10')).toBe('the token expired; s3://flink/checkpoints/chk-10');
    // Redacting twice changes nothing (the leak check relies on it).
    const once = redactText('PASSWORD=abcdefg http://u:p4ssw0rd@h/ --token zzzzzz');
    expect(redactText(once)).toBe(once);
  });

  it('knows the secrets of an environment, a job\'s arguments, a Flink configuration and a resume command', () => {
    expect(secretsOfEnvironment({ MY_API_TOKEN: 'env-token-1', HTTP_PROXY: 'http://bob:proxy-pw-1@p:8080', PATH: '/usr/bin', FRH_AUTH: '1' })).toEqual(['env-token-1', 'proxy-pw-1']);
    expect(secretsInArguments(['--keys', '8', '--db-password', 'arg-secret-1', '--token=arg-secret-2', 'plain'])).toEqual(['arg-secret-1', 'arg-secret-2']);
    expect(secretsInSettings({ 'sink.password': 'conf-secret-1', 'state.backend.type': 'rocksdb' })).toEqual(['conf-secret-1']);
    treatDeploymentSecretsAsSecret({ userJob: { jar: 'j.jar', entryClass: 'a.B', arguments: ['--secret', 'job-secret-xyz'] }, resume: { command: 'DEPLOY_TOKEN=resume-secret-xyz ./r.sh' } });
    expect(redactText('echo job-secret-xyz resume-secret-xyz')).toBe(`echo ${REDACTED} ${REDACTED}`);
    // A field named as a secret loses its value in a result's evidence.
    expect(redactJson({ flinkConfig: { 'sink.password': 'abc', parallelism: '2' } })).toEqual({ flinkConfig: { 'sink.password': REDACTED, parallelism: '2' } });
  });

  it('the leak check finds a secret the redaction would hide, not only the MinIO keys', () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-leaks-'));
    treatAsSecret('registered-canary-123');
    writeFileSync(join(root, 'a.txt'), 'HTTPS_PROXY=http://u:leaked-pw@proxy:3128');
    writeFileSync(join(root, 'b.txt'), 'a log line quoting registered-canary-123');
    writeFileSync(join(root, 'c.txt'), `PASSWORD=${REDACTED} and {"tokenCount": 5}`);
    expect(leakedCredentials(root)).toEqual([{ file: 'a.txt', credential: 'a secret the redaction hides' }, { file: 'b.txt', credential: 'a secret the redaction hides' }]);
  });
});
