// The Flink Kubernetes Operator (built by images/build.sh as operator-<v>) runs in one owned namespace
// of the local cluster and drives the probe job: a FlinkDeployment in standalone mode (application
// cluster, Kubernetes HA, checkpoints on MinIO) comes up RUNNING and checkpoints; suspended with
// upgradeMode last-state and resumed, the job restores exactly the newest checkpoint the HA metadata
// pointed to at the suspend (last-state's rule), which is at least the newest one seen over REST.
// Each phase's duration is printed at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterProvider } from '../../../harness/clusters/index.ts';
import type { ClusterProvider } from '../../../harness/clusters/cluster.ts';
import { Kube, OWNER_LABEL, OWNER_VALUE, RUN_LABEL, type PortForwardHandle } from '../../../harness/k8s/kube.ts';
import { imageFor } from '../../../harness/platforms/images.ts';
import { renderManifest } from '../../../harness/platforms/on-cluster/manifests.ts';
import { BUCKET, S3_CREDENTIALS, storagePaths } from '../../../harness/platforms/generations.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';
import { createS3Client, ensureBucket } from '../../../harness/storage/s3.ts';
import { FlinkRestClient } from '../../../harness/flink/client.ts';
import { waitFor } from '../../../harness/support/wait.ts';
import { progress } from '../../../harness/support/progress.ts';
import { applyMissingCrds, deleteOwnedCrdsIfUnused, readOperatorCrds } from '../../../harness/platforms/operator/crds.ts';
import { OPERATOR_DEPLOYMENT, OPERATOR_POD_SELECTOR, renderOperatorManifest } from '../../../harness/platforms/operator/operator-manifest.ts';
import { flinkDeploymentObject, type FlinkDeploymentStatus } from '../../../harness/platforms/operator/flink-deployment.ts';
import {
  applyJobState, deleteFlinkDeployment, jobManagerSelector, KEEP_IMAGE_USRLIB, lastReconciledJobState, readFlinkDeployment, removeFinalizers,
} from '../../../harness/platforms/operator/flink-deployment-api.ts';

const OPERATOR_VERSION = process.env.FRH_OPERATOR_VERSION ?? '1.7.0';
const FLINK_VERSION = '1.20.0';
const runId = (process.env.FRH_RUN_ID ?? 'operator-smoke').slice(0, 30);
const namespace = `frh-${runId}-opsmoke`.slice(0, 63).replace(/-+$/, '');
const labels = { [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: runId };
const NAME = 'probe';
const PHASE_TIMEOUT_MS = 300_000;

const images = {
  operator: imageFor(`operator-${OPERATOR_VERSION}`),
  probe: imageFor(`probe-flink-${FLINK_VERSION}`),
  minio: imageFor('minio'),
};

let provider: ClusterProvider;
let kube: Kube;
let createdCrds: string[] = [];
const forwards: PortForwardHandle[] = [];
const phases: [string, number][] = [];

async function phase<T>(name: string, body: () => Promise<T>): Promise<T> {
  const start = Date.now();
  progress(`operator smoke: ${name} ...`);
  const result = await body();
  phases.push([name, Date.now() - start]);
  progress(`operator smoke: ${name} took ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

async function status(): Promise<FlinkDeploymentStatus | undefined> {
  return (await readFlinkDeployment(kube, namespace, NAME))?.status;
}

/** Waits for a FlinkDeployment condition; a reconcile error is shown as the last problem. */
async function waitForStatus(description: string, condition: (s: FlinkDeploymentStatus) => boolean): Promise<void> {
  await waitFor(description, async () => {
    const current = await status();
    if (current && condition(current)) return true;
    if (current?.error) throw new Error(`lifecycle ${current.lifecycleState}, job ${current.jobStatus?.state}, error ${current.error.slice(0, 400)}`);
    return undefined;
  }, { timeoutMs: PHASE_TIMEOUT_MS, intervalMs: 500 });
}

/** Checkpoint ids Flink's HA ConfigMaps point to (keys checkpointID-<zero-padded id>). */
async function haCheckpointIds(): Promise<number[]> {
  const ids: number[] = [];
  for (const configMap of await kube.configMaps(namespace, `app=${NAME},configmap-type=high-availability`)) {
    for (const key of Object.keys(configMap.data ?? {})) {
      const id = /^checkpointID-(\d+)$/.exec(key)?.[1];
      if (id !== undefined) ids.push(Number(id));
    }
  }
  return ids.sort((a, b) => a - b);
}

beforeAll(async () => {
  provider = clusterProvider({ provider: process.env.FRH_CLUSTER_PROVIDER ?? 'local' });
  kube = Kube.forCluster(await provider.up());
  await phase('load images into the cluster', () => provider.loadImages([images.operator, images.probe, images.minio]));
}, 20 * 60_000);

afterAll(async () => {
  if (!kube) return;
  for (const forward of forwards) await forward.close().catch(() => undefined);
  const start = Date.now();
  // The operator's finalizer must run while the operator still does: delete the FlinkDeployment first.
  await deleteFlinkDeployment(kube, namespace, NAME).catch(() => undefined);
  const gone = async () => ((await readFlinkDeployment(kube, namespace, NAME)) ? undefined : true);
  await waitFor('the FlinkDeployment to be gone', gone, { timeoutMs: 90_000 }).catch(async (error: Error) => {
    progress(`operator smoke: ${error.message}; removing the operator's finalizer`);
    await removeFinalizers(kube, namespace, NAME);
    await waitFor('the FlinkDeployment to be gone', gone, { timeoutMs: 30_000 });
  }).catch((error: Error) => progress(`operator smoke: ${error.message}`));
  await kube.deleteOwnedNamespace(namespace).catch((error: Error) => progress(`operator smoke: deleting ${namespace}: ${error.message}`));
  const kept = await deleteOwnedCrdsIfUnused(kube, createdCrds).catch((error: Error) => [error.message]);
  if (kept.length > 0) progress(`operator smoke: CRDs left in place: ${kept.join('; ')}`);
  phases.push(['clean up (FlinkDeployment, namespace, CRDs it created)', Date.now() - start]);
  progress(`operator smoke phases:\n${phases.map(([name, ms]) => `  ${(ms / 1000).toFixed(1).padStart(7)} s  ${name}`).join('\n')}`);
}, 300_000);

describe(`the Flink Kubernetes Operator ${OPERATOR_VERSION}`, () => {
  it('runs the probe job in standalone mode and resumes a last-state suspend from the newest checkpoint', async () => {
    const paths = storagePaths();
    await phase('namespace, CRDs, MinIO, Flink RBAC, operator', async () => {
      await kube.createOwnedNamespace(namespace, runId);
      createdCrds = await applyMissingCrds(kube, readOperatorCrds(OPERATOR_VERSION), labels, OPERATOR_VERSION);
      await kube.apply([
        ...renderManifest('flink-rbac', { NAMESPACE: namespace }, labels),
        ...renderManifest('minio', {
          NAMESPACE: namespace, MINIO_IMAGE: images.minio, S3_ACCESS_KEY: S3_CREDENTIALS.accessKey, S3_SECRET_KEY: S3_CREDENTIALS.secretKey, STORAGE_SIZE: '1Gi',
        }, labels),
        ...renderOperatorManifest(namespace, images.operator, labels),
      ]);
      await kube.waitForDeploymentReady(namespace, 'minio', PHASE_TIMEOUT_MS);
      const storage = await kube.portForwardToSelector(namespace, 'app=minio', 9000);
      forwards.push(storage);
      await ensureBucket(createS3Client({ endpoint: `http://127.0.0.1:${storage.localPort}`, ...S3_CREDENTIALS }), BUCKET);
      await kube.waitForDeploymentReady(namespace, OPERATOR_DEPLOYMENT, PHASE_TIMEOUT_MS);
    });

    const spec = defaultSpec({ flinkVersion: FLINK_VERSION, checkpointIntervalMs: 2000, highAvailability: 'kubernetes' });
    // Operator 1.7.0's FlinkVersion enum ends at v1_19; Flink 1.20 runs under that name.
    let deployment = flinkDeploymentObject({
      name: NAME, namespace, labels, spec, paths, upgradeMode: 'last-state', image: images.probe, state: 'running',
      s3: { endpoint: `http://minio.${namespace}.svc:9000`, ...S3_CREDENTIALS },
    }, 'v1_19');
    const podTemplate = deployment.spec.podTemplate as { spec: Record<string, unknown> };
    podTemplate.spec = { ...podTemplate.spec, ...KEEP_IMAGE_USRLIB };

    await phase('FlinkDeployment to jobStatus RUNNING', async () => {
      await kube.apply([deployment]);
      await waitForStatus('the FlinkDeployment job RUNNING', (s) => s.jobStatus?.state === 'RUNNING');
    });
    const restForward = await kube.portForwardToSelector(namespace, jobManagerSelector(NAME), 8081);
    forwards.push(restForward);
    const rest = new FlinkRestClient({ baseUrl: `http://127.0.0.1:${restForward.localPort}` });
    const jobId = (await status())!.jobStatus!.jobId!;

    await phase('first completed checkpoint (REST)', async () => {
      await waitFor('a completed checkpoint', async () => {
        const stats = await rest.checkpoints(jobId).catch(() => undefined);
        return (stats?.counts?.completed ?? 0) >= 1 ? true : undefined;
      }, { timeoutMs: PHASE_TIMEOUT_MS, intervalMs: 500 });
    });

    // Watch the newest completed checkpoint over REST until the JobManager stops answering.
    let newestSeenOverRest = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const stats = await rest.checkpoints(jobId, { retries: 0, timeoutMs: 1000 }).catch(() => undefined);
        const id = stats?.latest?.completed?.id;
        if (id !== undefined && id > newestSeenOverRest) newestSeenOverRest = id;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    await phase('suspend (last-state) until the operator reports SUSPENDED', async () => {
      deployment = await applyJobState(kube, deployment, 'suspended');
      await waitForStatus('the FlinkDeployment SUSPENDED', (s) => s.lifecycleState === 'SUSPENDED' && lastReconciledJobState(s) === 'suspended');
      await waitFor('the JobManager pods to be gone', async () => ((await kube.pods(namespace, jobManagerSelector(NAME))).length === 0 ? true : undefined), { timeoutMs: PHASE_TIMEOUT_MS });
    });
    watching = false;
    await watcher;
    const suspended = await status();
    const haIds = await haCheckpointIds();
    const newestAtSuspend = Math.max(...haIds);
    progress(`operator smoke: suspended (job ${suspended?.jobStatus?.state}); newest checkpoint over REST ${newestSeenOverRest}, in the HA ConfigMap ${haIds.join(',')}`);
    expect(haIds.length).toBeGreaterThan(0);
    expect(newestAtSuspend).toBeGreaterThanOrEqual(newestSeenOverRest);

    await phase('resume until jobStatus RUNNING', async () => {
      deployment = await applyJobState(kube, deployment, 'running');
      await waitForStatus('the FlinkDeployment job RUNNING again', (s) => s.jobStatus?.state === 'RUNNING' && lastReconciledJobState(s) === 'running');
    });
    const resumedJobId = (await status())!.jobStatus!.jobId!;
    const restored = await phase('restored checkpoint visible over REST', () => waitFor('latest.restored of the resumed job', async () => {
      const stats = await rest.checkpoints(resumedJobId).catch(() => undefined);
      return stats?.latest?.restored ?? undefined;
    }, { timeoutMs: PHASE_TIMEOUT_MS, intervalMs: 500 }));
    const [jobManager] = await kube.pods(namespace, jobManagerSelector(NAME));
    const log = await kube.podLog(namespace, jobManager!.metadata!.name!, 'flink-main-container').catch((error: Error) => error.message);
    const restoreLine = log.split('\n').find((line) => /Restoring job .* from Checkpoint/.test(line));
    progress(`operator smoke: resumed job ${resumedJobId} (before: ${jobId}) restored checkpoint ${restored.id} (${restored.external_path}); JobManager log: ${restoreLine ?? '(no "Restoring job" line)'}`);

    expect(resumedJobId).toBe(jobId);
    expect(restored.is_savepoint).toBe(false);
    expect(restored.id).toBe(newestAtSuspend);
    expect(restoreLine).toContain(`Restoring job ${jobId} from Checkpoint ${newestAtSuspend}`);
  });
});
