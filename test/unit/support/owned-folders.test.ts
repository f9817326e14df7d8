// The harness's private folders on this machine (a run's S3 keys for a team's commands): made with a
// marker naming their owner, and removed by a sweep only when they are ours (marker, prefix) and of the
// run asked for, or of an owner that is gone. Real folders in a scratch folder, real processes as owners.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOwnedFolder, folderOwner, OWNED_FOLDER_MARKER, removeFolderOf, sweepOwnedFolders } from '../../../harness/support/owned-folders.ts';
import { processStartTime } from '../../../harness/support/reaper.ts';

const scratch = mkdtempSync(join(tmpdir(), 'frh-owned-folders-unit-'));
beforeAll(() => vi.stubEnv('FRH_REPORT_DIR', join(scratch, 'reports'))); // this process's reaper logs there
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(scratch, { recursive: true, force: true });
});

/** A fresh folder to make owned folders in. */
let rootCount = 0;
const newRoot = (): string => {
  const root = join(scratch, `root-${++rootCount}`);
  mkdirSync(root);
  return root;
};

/** An owned folder whose marker then names another owner (a crashed run's, another host's). */
function folderOwnedBy(root: string, prefix: string, runId: string, owner: { pid?: string; host?: string; start?: string }): string {
  const path = createOwnedFolder(prefix, runId, root);
  const marker = JSON.parse(readFileSync(join(path, OWNED_FOLDER_MARKER), 'utf8')) as Record<string, string>;
  writeFileSync(join(path, OWNED_FOLDER_MARKER), JSON.stringify({ ...marker, ...owner }));
  writeFileSync(join(path, 'credentials.env'), 'S3_SECRET_KEY=x\n');
  return path;
}

async function goneProcessPid(): Promise<string> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.on('exit', done));
  return String(child.pid);
}

describe('an owned folder', () => {
  it('is named by prefix and run, readable by this user only, and names this process and run in its marker', () => {
    const root = newRoot();
    const path = createOwnedFolder('frh-test-', 'run/1', root);
    expect(basename(path)).toMatch(/^frh-test-run_1-[0-9a-f]{12}$/);
    expect(statSync(path).mode & 0o777).toBe(0o700);
    expect(statSync(join(path, OWNED_FOLDER_MARKER)).mode & 0o077).toBe(0);
    expect(folderOwner(path)).toEqual({ runId: 'run/1', pid: String(process.pid), host: hostname(), start: processStartTime(process.pid) });
    expect(createOwnedFolder('frh-test-', 'run/1', root)).not.toBe(path);
  });

  it('is not a folder without our marker, a link to one of ours, or a file', () => {
    const root = newRoot();
    const ours = createOwnedFolder('frh-test-', 'r', root);
    const unmarked = join(root, 'frh-test-r-unmarked');
    mkdirSync(unmarked);
    const otherKind = join(root, 'frh-test-r-other');
    mkdirSync(otherKind);
    writeFileSync(join(otherKind, OWNED_FOLDER_MARKER), JSON.stringify({ kind: 'something-else', runId: 'r', pid: String(process.pid), host: hostname() }));
    const link = join(root, 'frh-test-r-link');
    symlinkSync(ours, link);
    const file = join(root, 'frh-test-r-file');
    writeFileSync(file, '');
    for (const path of [unmarked, otherKind, link, file, join(root, 'missing')]) expect(folderOwner(path)).toBeUndefined();
  });

  it('is removed for its owner only when pid, host and run all match', () => {
    const root = newRoot();
    const path = createOwnedFolder('frh-test-', 'r1', root);
    const me = { pid: String(process.pid), host: hostname() };
    expect(removeFolderOf(path, { ...me, runId: 'r2' })).toBe(false);
    expect(removeFolderOf(path, { ...me, pid: '1', runId: 'r1' })).toBe(false);
    expect(removeFolderOf(path, { ...me, host: 'elsewhere', runId: 'r1' })).toBe(false);
    expect(existsSync(path)).toBe(true);
    expect(removeFolderOf(path, { ...me, runId: 'r1' })).toBe(true);
    expect(existsSync(path)).toBe(false);
  });
});

describe('a sweep of owned folders', () => {
  it('of a run removes that run\'s folders of the prefix, and nothing else', () => {
    const root = newRoot();
    const mine = [createOwnedFolder('frh-test-', 'run-a', root), folderOwnedBy(root, 'frh-test-', 'run-a', { pid: '1' })];
    const otherRun = createOwnedFolder('frh-test-', 'run-b', root);
    const otherPrefix = createOwnedFolder('frh-else-', 'run-a', root);
    const unmarked = join(root, 'frh-test-run-a-unmarked');
    mkdirSync(unmarked);
    expect(sweepOwnedFolders('frh-test-', { runId: 'run-a', root })).toBe(2);
    for (const path of mine) expect(existsSync(path)).toBe(false);
    for (const path of [otherRun, otherPrefix, unmarked]) expect(existsSync(path)).toBe(true);
  });

  it('of crashed runs removes the folders whose owner is gone (or whose pid another process took), not a live owner\'s or another host\'s', async () => {
    const root = newRoot();
    const gonePid = await goneProcessPid();
    const crashed = folderOwnedBy(root, 'frh-test-', 'crashed', { pid: gonePid });
    const start = processStartTime(process.pid)!;
    const pidReused = folderOwnedBy(root, 'frh-test-', 'reused', { start: String(Number(start) + 1) });
    const live = createOwnedFolder('frh-test-', 'live', root);
    const elsewhere = folderOwnedBy(root, 'frh-test-', 'elsewhere', { pid: gonePid, host: `${hostname()}-other` });
    const unmarked = join(root, 'frh-test-crashed-unmarked');
    mkdirSync(unmarked);
    expect(sweepOwnedFolders('frh-test-', { root })).toBe(2);
    for (const path of [crashed, pidReused]) expect(existsSync(path)).toBe(false);
    for (const path of [live, elsewhere, unmarked]) expect(existsSync(path)).toBe(true);
  });

  it('finds nothing in a folder that does not exist', () => {
    expect(sweepOwnedFolders('frh-test-', { root: join(scratch, 'no-such-folder') })).toBe(0);
  });
});
