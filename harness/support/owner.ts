// Whether the process that created a resource still runs: resources of a dead owner are leftovers
// of a crashed run that a sweep may remove.
import { hostname } from 'node:os';

/** The owner as recorded on a resource (labels, annotations). */
export interface OwnerRecord {
  host: string | undefined;
  pid: string | undefined;
}

/** This process, as recorded on what it creates. */
export function thisOwner(): { host: string; pid: string } {
  return { host: hostname(), pid: String(process.pid) };
}

/**
 * True when the owner ran on this host and is gone. `unreadablePid` decides for a record whose pid
 * is missing or malformed (a resource of ours from this host that names no live owner).
 */
export function ownerGone(owner: OwnerRecord, unreadablePid: boolean): boolean {
  if (owner.host !== hostname()) return false;
  const pid = Number(owner.pid);
  if (!Number.isInteger(pid) || pid <= 0) return unreadablePid;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
