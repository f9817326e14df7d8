// The pipeline platform with the kubectl example against the real local cluster: the example's own
// commands deploy into the owned namespace the harness made, the harness reaches what the outputs
// name, a TaskManager killed by the example's fault command ends in PASS, and dispose runs the
// example's delete before the namespace goes.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { clusterProvider } from '../../../harness/clusters/index.ts';
import { clusterSettings } from '../../../harness/scenario/environment.ts';
import { KubernetesPlatform } from '../../../harness/platforms/kubernetes/kubernetes-platform.ts';
import { PipelinePlatform } from '../../../harness/platforms/pipeline/pipeline-platform.ts';
import type { PipelineDeployment } from '../../../harness/platforms/pipeline/pipeline-deployment.ts';
import { readPipelineFile } from '../../../harness/platforms/pipeline/pipeline-file.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';
import { Kube, OWNER_LABEL, OWNER_VALUE, RUN_LABEL } from '../../../harness/k8s/kube.ts';
import { runScenario } from '../../../harness/scenario/run-scenario.ts';
import { killTaskManager } from '../../../harness/faults/index.ts';
import { waitFor } from '../../../harness/support/wait.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('the pipeline platform with the kubectl example', () => {
  const runId = `${inject('runId')}-pipe`.slice(0, 40);
  let platform: PipelinePlatform;
  let kube: Kube;
  let deployment: PipelineDeployment | undefined;

  beforeAll(async () => {
    const provider = clusterProvider(clusterSettings());
    const cluster = await provider.up();
    await provider.loadImages(KubernetesPlatform.images(['2.3.0']));
    kube = Kube.forCluster(cluster);
    platform = new PipelinePlatform({ runId, cluster, pipeline: readPipelineFile(resolve(ROOT, 'examples/pipelines/kubectl/pipeline.yaml')), loadImages: (images) => provider.loadImages(images) });
  }, 40 * 60_000);
  afterAll(async () => {
    await deployment?.dispose();
  });

  it('deploys through the example\'s commands into a namespace the harness owns, and observes it on loopback', async () => {
    deployment = await platform.deploy(defaultSpec({ name: 'pipeline-lifecycle' }));
    const namespace = await kube.core.readNamespace({ name: deployment.namespace });
    expect(namespace.metadata?.labels).toMatchObject({ [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: runId });
    // What the example applied, by its own label; Flink's Kubernetes HA under the cluster-id the harness gave.
    const pods = await kube.pods(deployment.namespace, 'app=flink');
    expect(pods.map((p) => p.metadata?.labels?.component).sort()).toEqual(['jobmanager', 'taskmanager']);
    expect(new URL(deployment.rest.baseUrl).hostname).toBe('127.0.0.1');
    expect((await deployment.rest.overview()).taskmanagers).toBe(1);
    expect(deployment.jobId).toMatch(/^[0-9a-f]{32}$/);
    const ids = await waitFor('a checkpoint in the HA ConfigMap', async () => {
      const found = await deployment!.haCheckpointIds();
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: 120_000 });
    expect(ids[0]).toBeGreaterThan(0);
    expect(await deployment.currentJobManagerLog()).toContain(deployment.jobId);
  }, 600_000);

  it('runs its delete on dispose, removes its command files (the S3 keys among them), then the namespace goes', async () => {
    const namespace = deployment!.namespace;
    const commandFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`frh-pipeline-${runId}-`));
    expect(commandFolders()).toHaveLength(1);
    expect(await deployment!.dispose()).toEqual([]);
    expect(commandFolders()).toEqual([]);
    deployment = undefined;
    await waitFor(`namespace ${namespace} to be gone`, async () => ((await kube.ownedNamespaces(runId)).length === 0 ? true : undefined), { timeoutMs: 180_000 });
  }, 240_000);

  it('brings a TaskManager killed by the example\'s fault command back from the newest checkpoint (PASS)', async () => {
    const result = await runScenario({ id: 'pipeline-taskmanager-killed', title: 'TaskManager killed by the pipeline', strategy: 'FAILOVER', fault: killTaskManager(), expect: { verdict: 'PASS', restored: 'checkpoint' } }, { platform, flinkVersion: '2.3.0' });
    expect(result.verdict, result.explanation).toBe('PASS');
    expect(result.platform).toBe('pipeline');
    expect(result.checks.find((c) => c.name === 'ha-store')?.status).toBe('pass');
  }, 600_000);
});
