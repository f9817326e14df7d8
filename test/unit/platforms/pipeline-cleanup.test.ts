// What the pipeline platform's sweeps remove on this machine: the folders of command files (the run's
// S3 keys) a killed deployment process left, of the run a suite just ran (after Ctrl-C too), or of
// crashed runs; the namespaces are the Kubernetes platform's cleanup (here a trivial one that counts,
// or one whose cluster cannot be reached).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CommandFiles } from '../../../harness/platforms/pipeline/contract.ts';
import { pipelineCleanup } from '../../../harness/platforms/pipeline/cleanup.ts';
import { pipelinePlatform } from '../../../harness/platforms/pipeline/descriptor.ts';
import type { PlatformCleanup } from '../../../harness/platforms/descriptor.ts';
import { OWNED_FOLDER_MARKER } from '../../../harness/support/owned-folders.ts';
import { S3_CREDENTIALS } from '../../../harness/platforms/generations.ts';

const scratch = mkdtempSync(join(tmpdir(), 'frh-pipeline-cleanup-unit-'));
beforeAll(() => vi.stubEnv('FRH_REPORT_DIR', join(scratch, 'reports')));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(scratch, { recursive: true, force: true });
});

const namespacesSwept = (count: number): PlatformCleanup => ({
  leaves: 'namespace(s)', sweptByEveryRun: false, sweepNeedsDockerEngine: false, sweepFlags: () => [],
  sweep: async () => count,
});
const clusterUnreachable: PlatformCleanup = { ...namespacesSwept(0), sweep: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:6443'); } };

/** Command files of `runId` as a killed process leaves them: the credentials still in the folder. */
function leftBehind(root: string, runId: string, pid?: string): string {
  const files = new CommandFiles(S3_CREDENTIALS, runId, root);
  if (pid) {
    const marker = JSON.parse(readFileSync(join(files.folder, OWNED_FOLDER_MARKER), 'utf8')) as object;
    writeFileSync(join(files.folder, OWNED_FOLDER_MARKER), JSON.stringify({ ...marker, pid }));
  }
  return files.folder;
}

describe("the pipeline platform's sweep", () => {
  it('of a run removes its command folders with its namespaces, and counts both', async () => {
    const root = join(scratch, 'run');
    mkdirSync(root);
    const ofRun = [leftBehind(root, 'run-a'), leftBehind(root, 'run-a')];
    const ofOther = leftBehind(root, 'run-b');
    const removed = await pipelineCleanup('pipeline', { root, namespaces: namespacesSwept(3) }).sweep({ runId: 'run-a', env: {} });
    expect(removed).toBe(5);
    for (const folder of ofRun) expect(existsSync(folder)).toBe(false);
    expect(existsSync(ofOther)).toBe(true);
  });

  it('removes the folders even when the cluster cannot be reached, then says why it failed', async () => {
    const root = join(scratch, 'unreachable');
    mkdirSync(root);
    const folder = leftBehind(root, 'run-c');
    await expect(pipelineCleanup('pipeline', { root, namespaces: clusterUnreachable }).sweep({ runId: 'run-c', env: {} })).rejects.toThrow('ECONNREFUSED');
    expect(existsSync(folder)).toBe(false);
  });

  it('of crashed runs removes only folders whose owner is gone', async () => {
    const root = join(scratch, 'crashed');
    mkdirSync(root);
    const crashed = leftBehind(root, 'run-d', '999999999');
    const live = leftBehind(root, 'run-e');
    const notOurs = join(root, 'frh-pipeline-run-d-notours');
    mkdirSync(notOurs);
    expect(await pipelineCleanup('pipeline', { root, namespaces: namespacesSwept(0) }).sweep({ env: {} })).toBe(1);
    expect(existsSync(crashed)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(notOurs)).toBe(true);
  });

  it('is the one the platform registers, and says what it leaves', () => {
    expect(pipelinePlatform.cleanup.leaves).toBe('namespace(s)/command folder(s)');
  });
});
