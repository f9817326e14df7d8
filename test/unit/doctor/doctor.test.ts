// The doctor flags each rule on a real-world-shaped bad example and stays silent on good ones.
// Each bad example is a good one with one thing changed, so the expected findings are exact.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { diagnose, DOCTOR_EXIT } from '../../../harness/doctor/doctor.ts';
import { parseDocuments, UnreadableInputError } from '../../../harness/doctor/documents.ts';
import { durationMs, isDurablePath, RULES } from '../../../harness/doctor/rules.ts';
import { CORPUS } from './corpus.ts';

const examples = resolve(import.meta.dirname, '../../fixtures/doctor');
const good = (name: string) => resolve(examples, 'good', name);
const bad = (name: string) => resolve(examples, 'bad', name);

/** Rule ids of errors and warnings (notes do not fail a file). */
function flagged(file: string, flinkVersion?: string): string[] {
  return diagnose([file], { flinkVersion }).documents.flatMap((doc) => doc.findings)
    .filter((finding) => finding.severity !== 'info').map((finding) => `${finding.severity} ${finding.rule}`).sort();
}

const BAD_EXAMPLES: Array<[file: string, expected: string[], flinkVersion?: string]> = [
  ['checkpointing-off.config.yaml', ['error checkpointing-off']],
  ['retention-delete-on-cancellation.config.yaml', ['error retention-not-retained']],
  ['checkpoint-dir-local.config.yaml', ['error checkpoint-dir-not-durable']],
  ['savepoint-dir-missing.config.yaml', ['warning savepoint-dir-missing']],
  ['ha-off.config.yaml', ['error ha-off']],
  ['ha-storage-local.config.yaml', ['error ha-storage-not-durable']],
  ['vvp-kubernetes-ha.vvp.yaml', ['warning deprecated-key', 'warning vvp-kubernetes-ha']],
  ['restore-latest-savepoint.vvp.yaml', ['error restore-strategy']],
  ['upgrade-stateless.flinkdeployment.yaml', ['error restore-strategy']],
  ['upgrade-savepoint.flinkdeployment.yaml', ['warning restore-strategy']],
  ['harness-strategy-none.yaml', ['error restore-strategy']],
  ['fixed-recovery-path.config.yaml', ['error ha-off', 'warning fixed-recovery-path']],
  ['legacy/flink-conf.yaml', ['error legacy-config-file'], '2.1'],
  ['deprecated-keys.config.yaml', Array(5).fill('warning deprecated-key'), '2.1'],
  ['restart-none.config.yaml', ['error no-restart-strategy']],
  ['single-retained.config.yaml', ['warning single-retained-checkpoint']],
  ['s3-no-path-style.config.yaml', ['error s3-settings']],
];

describe('doctor on bad examples', () => {
  it.each(BAD_EXAMPLES)('%s → %j', (file, expected, flinkVersion) => {
    expect(flagged(bad(file), flinkVersion)).toEqual([...expected].sort());
    expect(diagnose([bad(file)], { flinkVersion }).exitCode).toBe(DOCTOR_EXIT.FINDINGS);
  });

  it('every rule is proven by at least one bad example (here or in the corpus)', () => {
    const proven = new Set([...BAD_EXAMPLES, ...CORPUS].flatMap(([, expected]) => (Array.isArray(expected) ? expected : []).map((line) => line.split(' ')[1])));
    expect(RULES.map((rule) => rule.id).filter((id) => !proven.has(id))).toEqual([]);
  });

  it('every finding names its setting and a fix', () => {
    for (const [file, , flinkVersion] of BAD_EXAMPLES) {
      for (const finding of diagnose([bad(file)], { flinkVersion }).documents.flatMap((doc) => doc.findings)) {
        expect(finding.message.length, `${file} ${finding.rule}`).toBeGreaterThan(20);
        expect(finding.fix, `${file} ${finding.rule}`).toMatch(/\w/);
      }
    }
  });

  it('explains the deprecated key it found, with its new name', () => {
    const messages = diagnose([bad('deprecated-keys.config.yaml')], { flinkVersion: '2.1' }).documents[0]!.findings.map((finding) => finding.message);
    expect(messages).toContainEqual(expect.stringMatching(/^state\.checkpoints\.dir is deprecated in Flink 2\.1 \(renamed execution\.checkpointing\.dir in 1\.20\)/));
  });

  it('assumes no version: an unversioned file with old key names earns no deprecation warning', () => {
    expect(flagged(bad('deprecated-keys.config.yaml'))).toEqual([]);
    const report = diagnose([bad('legacy/flink-conf.yaml')]);
    expect(report.documents[0]!.findings.filter((finding) => finding.rule === 'legacy-config-file').map((finding) => finding.severity)).toEqual(['info']);
  });
});

describe('doctor on good examples', () => {
  const files = readdirSync(resolve(examples, 'good'));
  it('has good examples of every input format', () => {
    const formats = new Set(diagnose(files.map(good)).documents.map((doc) => doc.format));
    expect([...formats].sort()).toEqual(['Flink Kubernetes Operator FlinkDeployment', 'Flink config.yaml', 'Ververica Platform Deployment', 'harness deployment settings']);
  });

  it.each(files)('%s passes clean', (file) => {
    const report = diagnose([good(file)]);
    expect(report.documents.flatMap((doc) => doc.findings).filter((finding) => finding.severity !== 'info')).toEqual([]);
    expect(report.exitCode).toBe(DOCTOR_EXIT.CLEAN);
  });

  it('a 1.20 flink-conf.yaml only earns a note about 2.x', () => {
    const report = diagnose([bad('legacy/flink-conf.yaml')], { flinkVersion: '1.20' });
    expect(report.documents[0]!.findings.map((finding) => `${finding.severity} ${finding.rule}`)).toEqual(['info legacy-config-file']);
    expect(report.exitCode).toBe(DOCTOR_EXIT.CLEAN);
  });
});

describe('reading inputs', () => {
  it('flattens nested YAML and reads flat dotted keys alike', () => {
    const nested = parseDocuments('config.yaml', 'execution:\n  checkpointing:\n    interval: 10s\n')[0]!;
    const flat = parseDocuments('config.yaml', 'execution.checkpointing.interval: 10s\n')[0]!;
    expect(nested.config).toEqual(flat.config);
  });

  it('reads legacy flink-conf.yaml values literally', () => {
    const doc = parseDocuments('flink-conf.yaml', 'env.java.opts.all: -XX:+UseG1GC -Da=b\n# comment\nfoo: "bar"\n')[0]!;
    expect(doc.config).toEqual({ 'env.java.opts.all': '-XX:+UseG1GC -Da=b', foo: 'bar' });
  });

  it('tells a Ververica Deployment (v1) from a Kubernetes apps/v1 Deployment', () => {
    expect(() => parseDocuments('k8s.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 1}\n')).toThrow(UnreadableInputError);
  });

  it.each([
    ['missing file', () => diagnose([resolve(examples, 'no-such-file.yaml')]), /cannot read \(no such file\)/],
    ['invalid YAML', () => diagnose([bad('not-yaml.yaml')]), /not valid YAML/],
    ['a list, not settings', () => parseDocuments('x.yaml', '- a\n- b\n'), /not a map of settings/],
  ])('%s is unreadable input', (_name, read, message) => {
    expect(read).toThrow(UnreadableInputError);
    expect(read).toThrow(message);
  });

  it.each([
    ['10s', 10_000], ['1 min', 60_000], ['3000', 3000], ['500ms', 500], ['0', 0], ['-1', -1], ['soon', undefined],
  ])('duration %s = %s ms', (text, ms) => expect(durationMs(text)).toBe(ms));

  it.each([
    ['s3://flink/ha', true], ['hdfs://nn:8020/flink', true], ['file:///opt/flink/ha', false], ['/tmp/ha', false], ['s3p://b/x', true],
  ])('%s durable: %s', (path, durable) => expect(isDurablePath(path)).toBe(durable));
});

// Each spawn loads the whole CLI: generous timeouts on a shared, loaded machine.
describe('frh doctor (CLI)', { timeout: 120_000 }, () => {
  const main = resolve(import.meta.dirname, '../../../harness/cli/main.ts');
  const frh = (...args: string[]) => spawnSync(process.execPath, [main, 'doctor', ...args], { encoding: 'utf8' });

  it('exits 0 on good files, 1 on findings, 3 on unreadable input', () => {
    expect(frh(good('config.yaml')).status).toBe(0);
    const findings = frh(bad('ha-off.config.yaml'));
    expect(findings.status).toBe(1);
    expect(findings.stdout).toMatch(/error\s+ha-off: high-availability\.type is NONE/);
    expect(findings.stdout).toMatch(/fix: set high-availability\.type: kubernetes/);
    const unreadable = frh(bad('not-yaml.yaml'));
    expect(unreadable.status).toBe(3);
    expect(unreadable.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints JSON with rule, severity, setting and fix', () => {
    const result = frh('--format', 'json', bad('retention-delete-on-cancellation.config.yaml'));
    const report = JSON.parse(result.stdout) as { documents: Array<{ findings: Array<Record<string, string>> }>; counts: Record<string, number> };
    expect(report.counts).toEqual({ error: 1, warning: 0, info: 0 });
    expect(report.documents[0]!.findings[0]).toMatchObject({ rule: 'retention-not-retained', severity: 'error', setting: 'execution.checkpointing.externalized-checkpoint-retention' });
  });

  it('--help exits 0; an unreadable file under --format json prints the reason on stdout too', () => {
    const help = frh('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--namespace NS/);
    const unreadable = frh('--format', 'json', bad('not-yaml.yaml'));
    expect(unreadable.status).toBe(3);
    expect(JSON.parse(unreadable.stdout)).toMatchObject({ error: expect.stringMatching(/not valid YAML/), exitCode: 3 });
  });

  it('answers a bad option with exit 2', () => {
    expect(frh('--format', 'xml', good('config.yaml')).status).toBe(2);
    expect(frh().status).toBe(2);
  });
});
