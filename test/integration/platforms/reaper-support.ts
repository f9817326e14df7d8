// The reaper tests' common parts: a real `frh suite` run in its own process group, killed with
// SIGKILL at a phase read from its progress lines, and what is left of it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { docker } from '../../../harness/platforms/docker/docker-api.ts';
import { RUN_LABEL } from '../../../harness/platforms/docker/labels.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'harness/cli/main.ts');
const SCENARIO = '01-taskmanager-killed';
const REAP_LIMIT_MS = 30_000;
const PHASE_TIMEOUT_MS = 6 * 60_000;
const reports = mkdtempSync(join(tmpdir(), 'frh-reaper-'));
export const stamp = Date.now().toString(36);

/** A `frh suite` run in its own process group, with its progress lines. */
export class SuiteRun {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  private readonly listeners = new Set<() => void>();

  readonly runId: string;

  constructor(runId: string, platform: 'docker' | 'kubernetes') {
    this.runId = runId;
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('VITEST') && key !== 'NODE_OPTIONS') env[key] = value;
    Object.assign(env, { FRH_RUN_ID: runId, FRH_REPORT_DIR: reports, FRH_PLATFORM: platform });
    delete env.FRH_QUIET;
    this.child = spawn(process.execPath, [MAIN, 'suite', '--platform', platform, SCENARIO], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    const take = (chunk: Buffer): void => {
      partial += chunk.toString('utf8');
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      this.lines.push(...complete);
      for (const listener of this.listeners) listener();
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    this.child.on('exit', () => { for (const listener of this.listeners) listener(); });
  }

  /** Resolves at the first progress line matching `pattern`; rejects if the run ends or takes too long. */
  waitFor(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.runId}: no line ${pattern} within ${PHASE_TIMEOUT_MS / 1000} s`)), PHASE_TIMEOUT_MS);
      const check = (): void => {
        const line = this.lines.find((l) => pattern.test(l));
        if (line) finish(undefined, line);
        else if (this.child.exitCode !== null || this.child.signalCode !== null) finish(new Error(`${this.runId} ended before ${pattern}:\n${this.lines.slice(-30).join('\n')}`));
      };
      const finish = (error: Error | undefined, line?: string): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve(line!);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** SIGKILL to the whole process group (the CLI, vitest and its worker); the time of the kill. */
  killGroup(): number {
    process.kill(-this.child.pid!, 'SIGKILL');
    return Date.now();
  }
}

/** Containers, networks and volumes carrying the run's label. */
export async function dockerLeft(runId: string): Promise<string[]> {
  const filters = { label: [`${RUN_LABEL}=${runId}`] };
  const [containers, networks, volumes] = await Promise.all([
    docker().listContainers({ all: true, filters }),
    docker().listNetworks({ filters }),
    docker().listVolumes({ filters }),
  ]);
  return [
    ...containers.map((c) => `container ${c.Names[0]}`),
    ...networks.map((n) => `network ${n.Name}`),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
  ];
}

/** Polls `left` until it is empty; the milliseconds since `since`, or fails with what is left after the limit. */
export async function goneWithin(since: number, what: string, left: () => Promise<string[]>): Promise<number> {
  for (;;) {
    const remaining = await left();
    const elapsed = Date.now() - since;
    if (remaining.length === 0) return elapsed;
    if (elapsed > REAP_LIMIT_MS) throw new Error(`${what}: still there ${elapsed} ms after the kill: ${remaining.join(', ')}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** The reaper logs of a run (one per process that created resources). */
function reaperLogs(runId: string): string[] {
  const folder = join(reports, runId, 'reaper');
  try {
    return readdirSync(folder).map((file) => readFileSync(join(folder, file), 'utf8'));
  } catch {
    return [];
  }
}

/** Waits until every reaper of the run logged its exit, then checks its process is gone. */
export async function reapersExited(runId: string): Promise<string[]> {
  const deadline = Date.now() + 3 * 60_000;
  for (;;) {
    const logs = reaperLogs(runId);
    const pids = logs.map((log) => Number(/reaper\[(\d+)\]/.exec(log)?.[1]));
    if (logs.length > 0 && logs.every((log) => /reaper\[\d+\] exiting$/m.test(log)) && pids.every(processEnded)) return logs;
    if (Date.now() > deadline) throw new Error(`reapers of ${runId} did not finish:\n${logs.join('\n---\n')}`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

/** True once a process is gone or a zombie (its new parent, pid 1 here, reaps it when it gets to it). */
function processEnded(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Seconds between two log lines of a reaper log, from their timestamps. */
export function secondsBetween(log: string, from: RegExp, to: RegExp): number {
  const at = (pattern: RegExp): number => Date.parse(log.split('\n').find((line) => pattern.test(line))?.slice(0, 24) ?? '');
  return (at(to) - at(from)) / 1000;
}

/** Loopback TCP ports some process of a process group listens on (what port-forwards would hold). */
export function listeningPortsOfGroup(pgid: number): number[] {
  const inodes = new Set<string>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return listeningPorts().filter((port) => inodes.has(port.inode)).map((port) => port.port);
}

export function listeningPorts(): Array<{ port: number; inode: string }> {
  return readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A' && fields[1]?.startsWith('0100007F:'))
    .map((fields) => ({ port: parseInt(fields[1]!.split(':')[1]!, 16), inode: fields[9]! }));
}

/** Process ids still in a process group. */
export function processesOfGroup(pgid: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
    } catch {
      return false;
    }
  }).map(Number);
}

/**
 * The figures a test file gathers, printed when the file ends, and its reports folder removed: call
 * once at the top level of a test file.
 */
export function reaperFigures(): string[] {
  const figures: string[] = [];
  afterAll(() => {
    process.stderr.write(`\nreaper figures (kill → nothing of the run left; reaper: owner seen gone → reaped):\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
    rmSync(reports, { recursive: true, force: true });
  });
  return figures;
}

