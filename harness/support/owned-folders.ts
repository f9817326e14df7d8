// Private folders a harness process makes on this machine (e.g. a run's S3 keys handed to a team's
// commands). Each carries a marker naming its owner (run id, pid, host, start time), as containers
// carry labels and namespaces annotations: the owner removes it when done, its reaper once the owner
// is gone however it ended, and a sweep removes the folders of a run, or of owners that are gone. A
// folder without our marker is never touched, whatever its name.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownerGone, thisOwner } from './owner.ts';
import { ensureReaper, ownerAlive, processStartTime } from './reaper.ts';

/** The marker's file name inside an owned folder. */
export const OWNED_FOLDER_MARKER = '.frh-owner.json';
const MARKER_KIND = 'frh-owned-folder';

/** What the marker says. */
export interface FolderOwner {
  runId: string;
  pid: string;
  host: string;
  /** /proc start time of the owner (guards pid reuse); undefined where there is no /proc. */
  start?: string;
}

/** A run id as it may appear in a file name. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * Makes `<root>/<prefix><run>-<random>` readable by this user only, with the marker, and tells this
 * process's reaper about it before anything secret is written into it. `root` defaults to the
 * system's temporary folder.
 */
export function createOwnedFolder(prefix: string, runId: string, root: string = tmpdir()): string {
  const owner = thisOwner();
  const start = processStartTime(owner.pid);
  for (;;) {
    const path = join(root, `${prefix}${safeName(runId)}-${randomBytes(6).toString('hex')}`);
    // Announced first: a process killed right after the mkdir still has its folder reaped.
    ensureReaper({ kind: 'owned-folder', path }, runId);
    try {
      mkdirSync(path, { mode: 0o700 }); // not recursive: fails rather than reuse what exists
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    const marker = { kind: MARKER_KIND, runId, pid: owner.pid, host: owner.host, ...(start !== undefined ? { start } : {}) };
    writeFileSync(join(path, OWNED_FOLDER_MARKER), `${JSON.stringify(marker)}\n`, { mode: 0o600 });
    return path;
  }
}

/** The owner a folder's marker names; undefined for a folder that is not ours (no marker, a link, anything else). */
export function folderOwner(path: string): FolderOwner | undefined {
  try {
    if (!lstatSync(path).isDirectory()) return undefined;
    const marker = JSON.parse(readFileSync(join(path, OWNED_FOLDER_MARKER), 'utf8')) as Partial<FolderOwner> & { kind?: unknown };
    if (marker.kind !== MARKER_KIND || typeof marker.runId !== 'string' || typeof marker.pid !== 'string' || typeof marker.host !== 'string') return undefined;
    return { runId: marker.runId, pid: marker.pid, host: marker.host, ...(typeof marker.start === 'string' ? { start: marker.start } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Removes `path` when its marker names exactly this owner (pid, host and run): what a reaper does
 * for a gone owner. True when it removed it.
 */
export function removeFolderOf(path: string, owner: { pid: string; host: string; runId: string }): boolean {
  const marked = folderOwner(path);
  if (!marked || marked.pid !== owner.pid || marked.host !== owner.host || marked.runId !== owner.runId) return false;
  rmSync(path, { recursive: true, force: true });
  return true;
}

/** True when the folder's owner ran on this host and no longer runs (same pid, same start time). */
function ownerOfFolderGone(owner: FolderOwner): boolean {
  if (!ownerGone({ host: owner.host, pid: owner.pid }, false)) {
    // The pid lives, but perhaps as another process (reused).
    return owner.host === thisOwner().host && owner.start !== undefined && !ownerAlive({ pid: owner.pid, start: owner.start });
  }
  return true;
}

/**
 * Removes the owned folders named `<prefix>…` in `root`: every one of run `runId` when given, else
 * those whose owner is gone (a crashed run). Returns how many it removed.
 */
export function sweepOwnedFolders(prefix: string, scope: { runId?: string; root?: string } = {}): number {
  const root = scope.root ?? tmpdir();
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of entries) {
    if (!name.startsWith(prefix)) continue;
    const path = join(root, name);
    const owner = folderOwner(path);
    if (!owner) continue;
    if (scope.runId !== undefined ? owner.runId !== scope.runId : !ownerOfFolderGone(owner)) continue;
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
