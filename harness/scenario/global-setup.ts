// Once per vitest run: pick the run id and report folder, bring up the platform (on Kubernetes: the
// cluster, with the run's images loaded), sweep leftovers of crashed runs, and remove everything of
// this run at the end (Ctrl-C included: the CLI sweeps again after vitest). Deployments kept by
// --keep stay through all of these: only a person's `frh sweep` removes them.
import type { TestProject } from 'vitest/node';
import { resolve } from 'node:path';
import { clusterSettings, flinkVersions, platformName, runIdFrom } from './environment.ts';
import { cleanupsOf, platformDescriptor } from '../platforms/registry.ts';
import { progress } from '../support/progress.ts';
import { preparingClusterLine } from '../platforms/on-cluster/cluster.ts';

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
  // A project's env (vitest.config.ts) reaches its test workers; this runs in the main process.
  const env = { ...process.env, ...project.config.env };
  const platform = platformDescriptor(platformName(env));
  const cleanups = cleanupsOf(platform.name);
  for (const swept of cleanups) {
    if (swept === platform && platform.prepareRun) {
      progress(preparingClusterLine(clusterSettings(env).provider ?? 'local'));
      await platform.prepareRun({ env, flinkVersions: flinkVersions(env) });
    }
    const leftovers = await swept.cleanup.sweep({ env }).catch(() => 0);
    if (leftovers > 0) progress(`removed ${leftovers} ${swept.cleanup.sweptByEveryRun ? 'leftover ' : ''}${swept.cleanup.leaves} of crashed runs`);
  }
  return async () => {
    for (const swept of cleanups) {
      const removed = await swept.cleanup.sweep({ runId, env }).catch(() => 0);
      if (removed > 0) progress(`removed ${removed} ${swept.cleanup.leaves} of run ${runId}`);
    }
  };
}
