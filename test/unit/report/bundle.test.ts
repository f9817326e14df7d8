import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunReport } from '../../../harness/report/results.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import { bundleFiles, reproCommand, scenarioFileOf } from '../../../harness/report/bundle.ts';
import { S3_CREDENTIALS } from '../../../harness/platforms/generations.ts';
import '../../../harness/report/redact.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'op-zoo-stateless-upgrade-operator-flink-1.20.0.json');
const zoo = (): ScenarioResult => JSON.parse(readFileSync(FIXTURE, 'utf8')) as ScenarioResult;

/** The zoo case as a miss: it was meant to end in NO_RESTORE but passed, with logs quoting a credential. */
function miss(): ScenarioResult {
  const r = zoo();
  r.verdict = 'PASS';
  r.evidence.diagnostics = {
    'jobmanager-g1': `INFO s3.secret-key, ${S3_CREDENTIALS.secretKey}\nERROR <boom>`,
    'cluster-1/probe/flink-main-container': 'INFO started',
  };
  return r;
}

describe('repro bundle', () => {
  it('is written for a scenario that did not end as intended or ended failing, with result, logs, command and environment', async () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-bundle-'));
    const env = { ...process.env, FRH_TEST_TOKEN: 'tok-123', FRH_KUBE_CONTEXT: 'kind-frh', MY_NOTE: `key ${S3_CREDENTIALS.accessKey}` };
    const saved = process.env;
    process.env = env;
    try {
      await new RunReport(root, 'run-1').add({ ...zoo(), id: 'passed', verdict: 'PASS', expectedVerdict: 'PASS' }, { images: {} });
      await new RunReport(root, 'run-1').add({ ...miss(), id: 'missed' }, { images: {} });
      await new RunReport(root, 'run-1').add(zoo(), { images: {} });
    } finally {
      process.env = saved;
    }
    expect(existsSync(join(root, 'run-1', 'passed-operator-flink-1.20.0'))).toBe(false);
    // The zoo case ended as intended, in NO_RESTORE: the defect it seeds is what someone reproduces.
    expect(existsSync(join(root, 'run-1', 'op-zoo-stateless-upgrade-operator-flink-1.20.0', 'bundle.tar.gz'))).toBe(true);
    const bundle = join(root, 'run-1', 'missed-operator-flink-1.20.0', 'bundle.tar.gz');
    expect(existsSync(bundle)).toBe(true);
    const listing = execFileSync('tar', ['-tzf', bundle], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['README.txt', 'repro.json', 'result.json', ...(zoo().evidence.timeline ? ['timeline.json'] : []), 'images.json', 'command.txt', 'environment.txt', 'logs/cluster-1_probe_flink-main-container.log', 'logs/jobmanager-g1.log']);
    const out = join(root, 'x');
    execFileSync('sh', ['-c', `mkdir -p ${out} && tar -xzf ${bundle} -C ${out}`]);
    const read = (f: string): string => readFileSync(join(out, f), 'utf8');
    expect(read('command.txt')).toMatch(/^frh repro bundle.tar.gz\n# the same by hand:\n# no built-in scenario file defines missed \(a YAML scenario\?\)\nFRH_PLATFORM=operator FRH_FLINK_VERSIONS=1.20.0 FRH_KUBE_CONTEXT=kind-frh node node_modules\/vitest\/vitest.mjs run --project operator\n/);
    expect(read('environment.txt')).toContain('FRH_TEST_TOKEN=[redacted]');
    expect(read('environment.txt')).toContain('MY_NOTE=key [redacted]');
    expect(read('logs/jobmanager-g1.log')).toBe('INFO s3.secret-key, [redacted]\nERROR <boom>');
    expect(JSON.parse(read('result.json')).verdict).toBe('PASS');
    expect(read('README.txt')).toMatch(/^missed \[operator, Flink 1.20.0\]: PASS \(intended NO_RESTORE\)/);
    for (const f of listing) {
      expect(read(f)).not.toContain(S3_CREDENTIALS.secretKey);
      expect(read(f)).not.toContain(S3_CREDENTIALS.accessKey);
    }
    expect(readFileSync(join(root, 'run-1', 'scenarios', 'missed-operator-flink-1.20.0.html'), 'utf8')).toContain('<a href="../missed-operator-flink-1.20.0/bundle.tar.gz">repro bundle</a>');
  });

  it('quotes what the shell would split', () => {
    expect(reproCommand(zoo(), { FRH_RESUME_COMMAND: "./pick 'latest' state" }, 'scenarios/operator/z1-stateless-where-state-wanted.scenario.ts')).toBe([
      '# op-zoo-stateless-upgrade is defined in scenarios/operator/z1-stateless-where-state-wanted.scenario.ts',
      `FRH_PLATFORM=operator FRH_FLINK_VERSIONS=1.20.0 FRH_RESUME_COMMAND='./pick '\\''latest'\\'' state' node node_modules/vitest/vitest.mjs run --project operator scenarios/operator/z1-stateless-where-state-wanted.scenario.ts`,
      '# or',
      `frh suite z1-stateless-where-state-wanted --platform operator --flink 1.20.0 --resume-command './pick '\\''latest'\\'' state'`,
    ].join('\n'));
    expect(scenarioFileOf('op-zoo-stateless-upgrade')).toBe('scenarios/operator/z1-stateless-where-state-wanted.scenario.ts');
    expect(reproCommand({ ...zoo(), id: 'zoo-ha-storage-container-local', platform: 'docker' }, {})).toBe([
      '# zoo-ha-storage-container-local is defined in scenarios/zoo/06-ha-storage-container-local.scenario.ts',
      'FRH_PLATFORM=docker FRH_FLINK_VERSIONS=1.20.0 node node_modules/vitest/vitest.mjs run --project zoo scenarios/zoo/06-ha-storage-container-local.scenario.ts',
    ].join('\n'));
    expect(bundleFiles(zoo(), { env: {}, argv: ['node'], images: {} }).map(([f]) => f)).toEqual(['README.txt', 'repro.json', 'result.json', ...(zoo().evidence.timeline ? ['timeline.json'] : []), 'images.json', 'command.txt', 'environment.txt']);
  });
});
