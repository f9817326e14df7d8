// The reaper: a small detached process that outlives the harness process that creates resources
// (testcontainers' Ryuk, without its image). The owner starts it before its first labelled network
// or owned namespace exists and keeps the write end of a pipe to it; the kernel closes that pipe
// however the owner ends (SIGKILL included), and the reaper then removes exactly what carries the
// owner's pid and host: containers, networks and volumes on Docker, namespaces on the Kubernetes
// clusters it was told about, except deployments kept for a person (`--keep`), and the owner's
// private folders it was told about (owned-folders.ts: only those whose marker names the owner and
// its run). Then it exits. It also polls the owner's pid and start time, in case
// the pipe somehow stays open. Its log: reports/<run>/reaper/<host>-<pid>.log.
//
// This file is the owner's side plus the pure pieces both sides share; reaper-main.ts is the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { thisOwner } from './owner.ts';

/**
 * What the reaper must clean when its owner is gone: a place, not a platform. The machine's Docker
 * engine (its owner's containers, networks, volumes: the Docker platform's descriptor says how), or
 * a Kubernetes cluster (its owner's namespaces, whichever platform made them).
 */
export type ReaperTarget =
  | { kind: 'docker-engine' }
  /** `kubeconfig`: the owner's client configuration, serialized (it travels over the pipe only, never to disk or a log). */
  | { kind: 'kubernetes-cluster'; kubeconfig: string; server: string }
  /** A private folder of the owner on this machine (owned-folders.ts), removed only if its marker names the owner and its run. */
  | { kind: 'owned-folder'; path: string };

/** The owner as the reaper watches it: the pid recorded on resources, its host, and its start time (guards pid reuse). */
export interface WatchedOwner {
  pid: string;
  host: string;
  /** /proc/<pid>/stat start time in clock ticks since boot; undefined where there is no /proc. */
  start: string | undefined;
}

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(import.meta.dirname, 'reaper-main.ts');

/** A process's start time (field 22 of /proc/<pid>/stat), or undefined (no such process, or no /proc). */
export function processStartTime(pid: number | string): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True while the watched process runs: same pid and, where /proc tells, the same start time. */
export function ownerAlive(owner: Pick<WatchedOwner, 'pid' | 'start'>): boolean {
  if (owner.start !== undefined) return processStartTime(owner.pid) === owner.start;
  try {
    process.kill(Number(owner.pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** One line of the pipe protocol (newline-delimited JSON), owner → reaper. */
export function encodeTarget(target: ReaperTarget): string {
  return `${JSON.stringify(target)}\n`;
}

/** Parses one line of the pipe; undefined for anything that is not a target (ignored, never fatal). */
export function decodeTarget(line: string): ReaperTarget | undefined {
  try {
    const value = JSON.parse(line) as Partial<ReaperTarget> & { kubeconfig?: unknown; server?: unknown; path?: unknown };
    if (value.kind === 'docker-engine') return { kind: 'docker-engine' };
    if (value.kind === 'owned-folder' && typeof value.path === 'string' && isAbsolute(value.path)) return { kind: 'owned-folder', path: value.path };
    if (value.kind === 'kubernetes-cluster' && typeof value.kubeconfig === 'string' && typeof value.server === 'string') {
      return { kind: 'kubernetes-cluster', kubeconfig: value.kubeconfig, server: value.server };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** Identifies a target so it is announced once (a Kubernetes cluster by its server, a folder by its path). */
export function targetKey(target: ReaperTarget): string {
  if (target.kind === 'kubernetes-cluster') return `${target.kind} ${target.server}`;
  if (target.kind === 'owned-folder') return `${target.kind} ${target.path}`;
  return target.kind;
}

/** Where a reaper logs: <report root>/<run>/reaper/<host>-<pid>.log (FRH_REPORT_DIR, default reports/). */
export function reaperLogPath(runId: string, owner: { pid: string; host: string }, env: NodeJS.ProcessEnv = process.env): string {
  const root = resolve(env.FRH_REPORT_DIR ?? join(ROOT, 'reports'));
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(root, safe(runId), 'reaper', `${safe(owner.host)}-${safe(owner.pid)}.log`);
}

/** Docker label filters that select exactly one owner's resources (Docker ANDs them). */
export function ownerLabelFilters(owner: { pid: string; host: string }, labels: { managed: string; pid: string; host: string }): string[] {
  return [`${labels.managed}=true`, `${labels.pid}=${owner.pid}`, `${labels.host}=${owner.host}`];
}

interface ReaperHandle {
  child: ChildProcess;
  announced: Set<string>;
  logPath: string;
}

// On globalThis: one reaper per process even if a test runner evaluates this module twice.
const HANDLE = Symbol.for('frh.reaper');
type WithHandle = typeof globalThis & { [HANDLE]?: ReaperHandle };

/**
 * Makes sure this process has a reaper that will clean `target` once the process is gone, starting
 * it on first use (a detached `node reaper-main.ts`, about 10-30 ms here; the owner never waits for
 * it). Call before creating anything labelled with this process as owner. Never throws: without a
 * reaper, `frh sweep` and the next run's sweep still remove leftovers.
 */
export function ensureReaper(target: ReaperTarget, runId: string): string | undefined {
  const global = globalThis as WithHandle;
  try {
    let handle = global[HANDLE];
    if (!handle || handle.child.exitCode !== null || handle.child.signalCode !== null) {
      handle = startReaper(runId);
      global[HANDLE] = handle;
    }
    const key = targetKey(target);
    if (!handle.announced.has(key)) {
      handle.child.stdin?.write(encodeTarget(target));
      handle.announced.add(key);
    }
    return handle.logPath;
  } catch (error) {
    process.stderr.write(`frh: could not start the reaper (${(error as Error).message}); leftovers of a crash need frh sweep\n`);
    return undefined;
  }
}

function startReaper(runId: string): ReaperHandle {
  const startedAt = performance.now();
  const owner = thisOwner();
  const logPath = reaperLogPath(runId, owner);
  mkdirSync(join(logPath, '..'), { recursive: true });
  const log = openSync(logPath, 'a');
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // a test runner's loader flags are not the reaper's business
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [ENTRY, '--owner', owner.pid, '--host', owner.host, '--start', processStartTime(owner.pid) ?? '', '--run', runId], {
      detached: true, // its own session and process group: a kill of the owner's group spares it
      stdio: ['pipe', log, log],
      env,
      cwd: ROOT,
    });
  } finally {
    closeSync(log);
  }
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined); // EPIPE if the reaper died: nothing to do about it here
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const spawnMs = performance.now() - startedAt;
  child.stdin?.write(`${JSON.stringify({ kind: 'hello', spawnMs: Math.round(spawnMs * 10) / 10 })}\n`);
  return { child, announced: new Set(), logPath };
}
