// Canary secrets: one short real Docker scenario (`frh run` on a YAML file, as a user runs it) with a
// made-up secret planted in each place a team keeps one: an environment variable named as a secret,
// a proxy URL with a password, a job argument (a URL with credentials), a Flink setting and the
// resume command. The scenario's resume restores nothing, so it ends in a failing verdict and leaves
// a repro bundle. No canary may appear anywhere under its report folder (results, JUnit, HTML, the
// logs and the bundle's every member), and each place must show the redacted form: the canary was
// really there and was hidden, not merely absent.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { filesUnder } from '../../../harness/report/redact.ts';
import { untar } from '../../../harness/report/bundle.ts';
import { REDACTED } from '../../../harness/support/redact.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'harness/cli/main.ts');

const tag = Date.now().toString(36);
const CANARIES = {
  environment: `canary-env-${tag}`,
  proxy: `canary-proxy-${tag}`,
  jobArgument: `canary-arg-${tag}`,
  flinkConfig: `canary-conf-${tag}`,
  resumeCommand: `canary-resume-${tag}`,
};

const SCENARIO = `
id: canary-secrets
title: Canary secrets never reach a report or a bundle
platforms: [docker]
versions: first
deployment:
  job:
    example: windowed-count
    # The window operator's uid is any string: here a sink URL with credentials, as a job's own argument.
    args: [--keys, 4, --rate, 20, --window-seconds, 5, --window-uid, "https://sink:${CANARIES.jobArgument}@sink.invalid/windows"]
  flinkConfig:
    sink.password: ${CANARIES.flinkConfig}
  resume:
    command: "DEPLOY_API_TOKEN=${CANARIES.resumeCommand} sh -c 'echo none'"
strategy: LATEST_STATE
steps:
  - checkpoints: 1
fault: cancel
expect:
  verdict: NO_RESTORE
`;

function frh(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) => done(code ?? -1));
  });
}

/** Every file under the run's folder as text; a bundle as each of its members. */
function everythingWritten(runDir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of filesUnder(runDir)) {
    const bytes = readFileSync(file);
    if (file.endsWith('bundle.tar.gz')) {
      for (const [member, text] of untar(gunzipSync(bytes))) texts.set(`${file.slice(runDir.length + 1)}:${member}`, text);
    } else {
      texts.set(file.slice(runDir.length + 1), bytes.toString('utf8'));
    }
  }
  return texts;
}

describe('canary secrets', () => {
  it('never appear in results, JUnit, HTML, logs or the repro bundle; each place shows them redacted', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'frh-canary-'));
    const file = join(folder, 'canary-secrets.yaml');
    writeFileSync(file, SCENARIO);
    const runId = `canary-${tag}`;
    // The child is a user's `frh run`, not part of this vitest run.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'));
    Object.assign(env, {
      FRH_RUN_ID: runId,
      FRH_CANARY_API_TOKEN: CANARIES.environment,
      // A proxy nothing uses (NO_PROXY=* everywhere), as a user's shell may carry one.
      HTTPS_PROXY: `http://proxyuser:${CANARIES.proxy}@proxy.invalid:3128`,
      NO_PROXY: '*',
    });
    delete env.FRH_REPORT_DIR;
    const exitCode = await frh(['run', file], env);
    const runDir = join(ROOT, 'reports', runId);
    const texts = everythingWritten(runDir);
    const names = [...texts.keys()];
    // The run happened and wrote what people read and attach.
    expect(names).toEqual(expect.arrayContaining(['results.json', 'junit.xml', 'index.html', expect.stringMatching(/^scenarios\/.*\.html$/), expect.stringMatching(/bundle\.tar\.gz:environment\.txt$/), expect.stringMatching(/bundle\.tar\.gz:scenario\.yaml$/), expect.stringMatching(/bundle\.tar\.gz:logs\/jobmanager/)]));
    const leaks = [...texts].flatMap(([name, text]) => Object.entries(CANARIES).filter(([, canary]) => text.includes(canary)).map(([where]) => `${where} canary in ${name}`));
    expect(leaks).toEqual([]);
    // Each canary was there, and is shown redacted where it was.
    const member = (suffix: string): string => [...texts].find(([name]) => name.endsWith(suffix))?.[1] ?? '';
    expect(member(':environment.txt')).toContain(`FRH_CANARY_API_TOKEN=${REDACTED}`);
    expect(member(':environment.txt')).toContain(`HTTPS_PROXY=http://proxyuser:${REDACTED}@proxy.invalid:3128`);
    expect(member(':scenario.yaml')).toContain(`sink.password: ${REDACTED}`);
    expect(member(':scenario.yaml')).toContain(`DEPLOY_API_TOKEN=${REDACTED}`);
    expect(member(':scenario.yaml')).toContain(`https://sink:${REDACTED}@sink.invalid/windows`);
    // The JobManager logged its program arguments (the job's) and its configuration.
    expect([...texts].some(([name, text]) => name.includes(':logs/jobmanager') && text.includes(`https://sink:${REDACTED}@sink.invalid/windows`))).toBe(true);
    const result = JSON.parse(texts.get('results.json')!).results[0];
    expect(String(result.evidence.resumedBy)).toContain(`DEPLOY_API_TOKEN=${REDACTED}`);
    // Nothing restored although a checkpoint was retained: the failing verdict that leaves a bundle.
    expect(result.verdict, result.explanation).toBe('NO_RESTORE');
    expect(exitCode).toBe(0);
  });
});
