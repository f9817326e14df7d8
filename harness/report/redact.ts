// The harness's own MinIO credentials never reach a report: Flink's logs (kept as diagnostics) and
// error messages can quote them. Redacted where a result is written; checkable on a finished run.
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { S3_CREDENTIALS } from '../platforms/generations.ts';
import { REDACTED, redactJson, secretsInArguments, unredactedSecrets, secretsInSettings, secretsInText, treatAsSecret } from '../support/redact.ts';
import type { ScenarioResult } from './results.ts';
import type { DeploymentSpec } from '../platforms/deployment-spec.ts';

const CREDENTIALS = { 'MinIO access key': S3_CREDENTIALS.accessKey, 'MinIO secret key': S3_CREDENTIALS.secretKey } as const;

// Registered on import, so progress lines of any process that writes reports are redacted too.
treatAsSecret(...Object.values(CREDENTIALS));

/**
 * The secrets a deployment carries, registered before it runs: its job's arguments after a secret
 * flag, its Flink settings whose keys name a secret, credentials written into its resume command.
 */
export function treatDeploymentSecretsAsSecret(spec: Pick<DeploymentSpec, 'userJob' | 'flinkConfig' | 'resume'>): void {
  treatAsSecret(
    ...secretsInArguments(spec.userJob?.arguments ?? []),
    ...secretsInSettings(spec.userJob?.flinkConfig),
    ...secretsInSettings(spec.flinkConfig),
    ...(spec.resume && 'command' in spec.resume ? secretsInText(spec.resume.command) : []),
  );
}

export function redactResult(result: ScenarioResult): ScenarioResult {
  // Through JSON first, so evidence holding Dates or objects with toJSON is redacted as it is written.
  return redactJson(JSON.parse(JSON.stringify(result)) as ScenarioResult);
}

export interface LeakedCredential {
  /** Relative to the report folder. */
  file: string;
  credential: keyof typeof CREDENTIALS | 'a secret the redaction hides';
}

/**
 * Every file under a report folder (reports/<run>, or reports/latest) that contains a credential:
 * the harness's MinIO keys, or anything the redaction would hide (a secret this process knows, a
 * password in a URL, a secret setting or flag with its value): what was written went through it.
 */
export function leakedCredentials(reportDir: string): LeakedCredential[] {
  const root = realpathSync(reportDir);
  const leaks: LeakedCredential[] = [];
  for (const file of filesUnder(root)) {
    // A repro bundle is gzipped: read what is inside (a tar's members are stored as they are).
    const bytes = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    let rest = text;
    for (const [credential, value] of Object.entries(CREDENTIALS) as Array<[keyof typeof CREDENTIALS, string]>) {
      if (text.includes(value)) leaks.push({ file: relative(root, file), credential });
      rest = rest.replaceAll(value, REDACTED);
    }
    if (unredactedSecrets(rest).length > 0) leaks.push({ file: relative(root, file), credential: 'a secret the redaction hides' });
  }
  return leaks;
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
