// `frh doctor --namespace`: what is deployed is judged as the same objects in files would be. An owned
// namespace gets a FlinkDeployment (no operator watches it, so nothing starts), a flink-conf.yaml ConfigMap
// and a JobManager Deployment with 0 replicas on a flink:2.0.1 image; the doctor reads them back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Kube } from '../../../harness/k8s/kube.ts';
import { applyMissingCrds, readOperatorCrds } from '../../../harness/platforms/operator/crds.ts';

const kubeconfig = process.env.FRH_KUBECONFIG ?? '/root/.local/state/frh/local-cluster/admin.kubeconfig';
const runId = `doc-${(process.env.FRH_RUN_ID ?? String(process.pid)).slice(0, 20)}`;
const namespace = `frh-${runId}`.slice(0, 63);
const corpus = resolve(import.meta.dirname, '../../fixtures/doctor/corpus');
const main = resolve(import.meta.dirname, '../../../harness/cli/main.ts');

function objectsOf(file: string): KubernetesObject[] {
  return parseAllDocuments(readFileSync(resolve(corpus, file), 'utf8')).map((doc) => doc.toJS() as KubernetesObject)
    .map((object) => ({ ...object, metadata: { ...object.metadata, namespace } }));
}

let kube: Kube;

describe.skipIf(!existsSync(kubeconfig))('frh doctor --namespace (local cluster)', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    kube = Kube.forCluster({ kubeconfig });
    await applyMissingCrds(kube, readOperatorCrds('1.7.0'), { 'app.kubernetes.io/managed-by': 'flink-restore-harness' }, '1.7.0');
    await kube.createOwnedNamespace(namespace, runId);
    const manifests = objectsOf('manifests/flink-2.0-legacy-configmap.yaml').map((object) => (object.kind === 'Deployment' ? { ...object, spec: { ...(object as { spec: object }).spec, replicas: 0 } } : object));
    await kube.apply([...objectsOf('platform/flinkdeployment-delete-on-cancel.yaml'), ...manifests]);
  }, 180_000);

  afterAll(async () => {
    if (kube) await kube.deleteOwnedNamespace(namespace).catch(() => undefined);
  }, 180_000);

  it('judges the FlinkDeployment and the ConfigMap as run by its Deployment', () => {
    const result = spawnSync(process.execPath, [main, 'doctor', '--kubeconfig', kubeconfig, '--namespace', namespace, '--format', 'json'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { documents: Array<{ document: string; flinkVersion?: string; findings: Array<{ rule: string; severity: string }> }> };
    const flagged = Object.fromEntries(report.documents.map((doc) => [doc.document, doc.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.rule).sort()]));
    expect(flagged).toEqual({
      'FlinkDeployment payments': ['retention-not-retained'],
      'ConfigMap flink-config as run by Deployment flink-jobmanager (flink-conf.yaml)': ['checkpoint-dir-not-durable', 'checkpointing-off', 'ha-off', 'legacy-config-file', 'retention-not-retained', 'savepoint-dir-missing', 'single-retained-checkpoint'],
    });
  });

  it('an empty or missing namespace is unreadable input (exit 3)', () => {
    const result = spawnSync(process.execPath, [main, 'doctor', '--kubeconfig', kubeconfig, '--namespace', `${namespace}-none`], { encoding: 'utf8' });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/found no Flink configuration/);
  });
});
