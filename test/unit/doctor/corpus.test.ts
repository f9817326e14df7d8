// The doctor on its corpus of real-world-shaped files, per cause of the false alarms and misses of issue 15,
// and its precision/recall over the whole corpus (a finding is a rule flagged on a file, errors and warnings).
import { describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { diagnose, DOCTOR_EXIT } from '../../../harness/doctor/doctor.ts';
import { UnreadableInputError } from '../../../harness/doctor/documents.ts';
import { CORPUS, type Expected } from './corpus.ts';

const root = resolve(import.meta.dirname, '../../fixtures/doctor/corpus');

function actual(file: string): Expected {
  try {
    return diagnose([resolve(root, file)]).documents.flatMap((doc) => doc.findings)
      .filter((finding) => finding.severity !== 'info').map((finding) => `${finding.severity} ${finding.rule}`).sort();
  } catch (error) {
    if (error instanceof UnreadableInputError) return 'unreadable';
    throw error;
  }
}

describe('doctor corpus', () => {
  it('lists every corpus file', () => {
    const files = readdirSync(root).flatMap((dir) => (statSync(resolve(root, dir)).isDirectory() ? readdirSync(resolve(root, dir)).map((file) => `${dir}/${file}`) : []));
    expect(files.sort()).toEqual(CORPUS.map(([file]) => file).sort());
  });

  it.each(CORPUS)('%s → %j', (file, expected) => {
    expect(actual(file)).toEqual(expected === 'unreadable' ? expected : [...expected].sort());
  });

  it('precision and recall are at least 95 %', () => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const [file, expected] of CORPUS) {
      const got = actual(file);
      // A refusal counts as one finding: expected refusals are hits, unexpected ones false alarms.
      const want = expected === 'unreadable' ? ['unreadable'] : [...expected];
      const have = got === 'unreadable' ? ['unreadable'] : [...got];
      for (const finding of have) {
        const index = want.indexOf(finding);
        if (index >= 0) {
          truePositives++;
          want.splice(index, 1);
        } else falsePositives++;
      }
      falseNegatives += want.length;
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.log(`doctor corpus: ${CORPUS.length} files, precision ${(precision * 100).toFixed(1)} %, recall ${(recall * 100).toFixed(1)} % (${truePositives} hits, ${falsePositives} false alarms, ${falseNegatives} misses)`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe('doctor corpus: what each cause is about', () => {
  const report = (file: string, flinkVersion?: string) => diagnose([resolve(root, file)], { flinkVersion });
  const all = (file: string, flinkVersion?: string) => report(file, flinkVersion).documents.flatMap((doc) => doc.findings);

  it('reads the version from artifact.flinkVersion and image tags, and names keys that exist on it', () => {
    expect(report('version/vvp-artifact-1.17-new-keys.yaml').documents[0]).toMatchObject({ flinkVersion: '1.17', versionSource: 'spec.template.spec.artifact.flinkVersion' });
    expect(report('manifests/flink-2.0-legacy-configmap.yaml').documents[0]!.versionSource).toMatch(/^image flink:2\.0\.1/);
    const fix = all('version/vvp-artifact-1.17-new-keys.yaml').find((finding) => finding.rule === 'key-not-in-version')!;
    expect(fix.fix).toBe('rename execution.checkpointing.dir to state.checkpoints.dir');
    // Unknown version: a fix names the key every version reads, and the 1.20 name beside it.
    const unknown = diagnose([resolve(root, '../bad/checkpoint-dir-local.config.yaml')]).documents[0]!;
    expect(unknown.flinkVersion).toBeUndefined();
  });

  it('--flink judges an unversioned file for that version', () => {
    expect(all('version/flink-conf.1.17-cluster.yaml', '2.0').map((finding) => `${finding.severity} ${finding.rule}`)).toContain('error legacy-config-file');
    // 1.17 renamed high-availability, state.backend and restart-strategy (Flink's own ConfigOptions say so).
    expect(all('version/flink-conf.1.17-cluster.yaml', '1.17').filter((finding) => finding.severity !== 'info').map((finding) => `${finding.rule} ${finding.setting}`).sort())
      .toEqual(['deprecated-key high-availability', 'deprecated-key restart-strategy', 'deprecated-key state.backend']);
    expect(all('version/flink-conf.1.17-cluster.yaml', '1.16').filter((finding) => finding.severity !== 'info')).toEqual([]);
  });

  it('reports an invalid flinkVersion as such', () => {
    expect(all('version/flinkdeployment-invalid-version.yaml')[0]).toMatchObject({ rule: 'flink-version-invalid', setting: 'spec.flinkVersion', fix: 'write v1_17 (accepted from Operator 1.4)' });
  });

  it('says what a platform supplies as "provided by <platform>: verify"', () => {
    const operator = diagnose([resolve(root, '../good/flinkdeployment-retention-by-operator.yaml')]).documents[0]!.findings;
    expect(operator.find((finding) => finding.rule === 'retention-not-retained')).toMatchObject({ severity: 'info', message: expect.stringMatching(/provided by the Flink Kubernetes Operator: verify$/) });
    const vvp = all('platform/vvp-blob-storage.yaml').filter((finding) => /provided by Ververica Platform/.test(finding.message)).map((finding) => finding.rule);
    expect(vvp.sort()).toEqual(['checkpoint-dir-not-durable', 'ha-storage-not-durable', 'savepoint-dir-missing']);
    expect(all('platform/flinkdeployment-session.yaml').map((finding) => finding.rule)).not.toContain('restore-strategy');
  });

  it('judges a flink-conf.yaml ConfigMap under a Flink 2.0 image as what runs: Flink defaults', () => {
    const docs = report('manifests/flink-2.0-legacy-configmap.yaml').documents;
    expect(docs).toHaveLength(1);
    expect(docs[0]!.document).toBe('ConfigMap flink-config as run by Deployment flink-jobmanager (flink-conf.yaml)');
    expect(docs[0]!.findings[0]!.message).toMatch(/^Flink 2\.0 \(image flink:2\.0\.1-scala_2\.12-java17\) no longer reads flink-conf\.yaml/);
  });

  it('reads FLINK_PROPERTIES and -D arguments of the container', () => {
    const doc = report('manifests/flink-properties-no-cluster-id.yaml').documents[0]!;
    expect(doc.document).toBe('StatefulSet flink-jobmanager (FLINK_PROPERTIES)');
  });

  it('knows old aliases and states the real problem', () => {
    const finding = all('aliases/zookeeper-storagedir-local.flink-conf.yaml').find((found) => found.rule === 'ha-storage-not-durable')!;
    expect(finding.message).toMatch(/^high-availability\.zookeeper\.storageDir is file:\/\/\/var\/lib\/flink\/ha, a container-local path/);
  });

  it('says "unresolved: cannot judge" for placeholders and template blocks', () => {
    const notes = all('inputs/placeholders.config.yaml').filter((finding) => /unresolved: cannot judge/.test(finding.message)).map((finding) => finding.rule);
    expect(notes).toEqual(expect.arrayContaining(['checkpoint-dir-not-durable', 'checkpointing-off', 'ha-off', 'savepoint-dir-missing']));
    expect(all('inputs/helm-template-configmap.yaml').find((finding) => finding.rule === 'checkpointing-off')!.message).toBe('execution.checkpointing.interval is {{…}}: unresolved: cannot judge');
  });

  it('refuses Helm values with the reason', () => {
    expect(() => report('inputs/vvp-helm-values.yaml')).toThrow(/Helm values of Ververica Platform/);
    expect(() => report('inputs/operator-helm-values.yaml')).toThrow(/: Helm values of the Flink Kubernetes Operator chart \(watchNamespaces, rbac, operatorPod\), which configure the Operator, not a Flink job; pass your FlinkDeployment and FlinkSessionJob resources instead \(the defaults in defaultConfiguration\.flink-conf\.yaml apply/);
  });

  it('reads files across one run as one set (a ConfigMap and the Deployment that mounts it in two files)', () => {
    const both = diagnose([resolve(root, 'manifests/standalone-ha-1.20.yaml')]);
    expect(both.exitCode).toBe(DOCTOR_EXIT.CLEAN);
  });
});
