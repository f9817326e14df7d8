// Once per vitest run: pick the run id and report folder, sweep leftovers of crashed runs, and
// remove everything of this run at the end (Ctrl-C included: the CLI sweeps again after vitest).
import type { TestProject } from 'vitest/node';
import { resolve } from 'node:path';
import { runIdFrom } from './environment.ts';
import { sweep } from '../platforms/docker/docker-api.ts';
import { progress } from '../support/progress.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = runIdFrom();
  process.env.FRH_RUN_ID = runId;
  const reportDir = resolve(process.env.FRH_REPORT_DIR ?? 'reports');
  project.provide('runId', runId);
  project.provide('reportDir', reportDir);
  const leftovers = await sweep().catch(() => 0);
  if (leftovers > 0) progress(`removed ${leftovers} leftover container(s)/network(s) of crashed runs`);
  return async () => {
    const removed = await sweep(runId).catch(() => 0);
    if (removed > 0) progress(`removed ${removed} container(s)/network(s) of run ${runId}`);
  };
}
