// Once per vitest run: pick the run id and report folder, bring up the platform (on Kubernetes: the
// cluster, with the run's images loaded), sweep leftovers of crashed runs, and remove everything of
// this run at the end (Ctrl-C included: the CLI sweeps again after vitest). Deployments kept by
// --keep stay through all of these: only a person's `frh sweep` removes them.
import type { TestProject } from 'vitest/node';
import { resolve } from 'node:path';
import { clusterSettings, onKubernetes, platformName, runIdFrom } from './environment.ts';
import { prepareKubernetesCluster } from './kubernetes-cluster.ts';
import { sweep } from '../platforms/docker/docker-api.ts';
import { KubernetesPlatform } from '../platforms/kubernetes/kubernetes-platform.ts';
import { progress } from '../support/progress.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
    reportDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = runIdFrom();
  process.env.FRH_RUN_ID = runId;
  const reportDir = resolve(process.env.FRH_REPORT_DIR ?? 'reports');
  project.provide('runId', runId);
  project.provide('reportDir', reportDir);
  const leftovers = await sweep().catch(() => 0);
  if (leftovers > 0) progress(`removed ${leftovers} leftover container(s)/network(s) of crashed runs`);
  let kubernetes: KubernetesPlatform | undefined;
  // A project's env (vitest.config.ts) reaches its test workers; this runs in the main process.
  const env = { ...process.env, ...project.config.env };
  if (onKubernetes(platformName(env))) {
    progress(`bringing up the Kubernetes cluster (${clusterSettings(env).provider}) and loading the run's images`);
    const cluster = await prepareKubernetesCluster(env);
    kubernetes = new KubernetesPlatform({ runId, cluster });
    const abandoned = await kubernetes.sweep().catch(() => 0);
    if (abandoned > 0) progress(`removed ${abandoned} namespace(s) of crashed runs`);
  }
  return async () => {
    const removed = await sweep(runId).catch(() => 0);
    if (removed > 0) progress(`removed ${removed} container(s)/network(s) of run ${runId}`);
    const namespaces = await kubernetes?.sweepRun().catch(() => 0);
    if (namespaces) progress(`removed ${namespaces} namespace(s) of run ${runId}`);
  };
}
