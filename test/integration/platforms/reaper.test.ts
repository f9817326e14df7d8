// Issue 16, the reaper: a real `frh suite` run of a short scenario, killed with SIGKILL as a whole
// process group (CLI, vitest, its worker) at a phase read from its progress lines, leaves nothing
// labelled with its run id 30 s later, with no command run by anyone: the worker's reaper (its own
// session, so the kill spares it) removed the containers, networks and volumes (Docker) or deleted
// the namespaces (Kubernetes), logged that under the run's report folder, and exited.
// Bystanders stay: a network of a live owner (this process) and an unlabelled network.
// The Docker phases run concurrently (four short runs); the Kubernetes one afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, docker } from '../../../harness/platforms/docker/docker-api.ts';
import { RUN_LABEL, ownedLabels } from '../../../harness/platforms/docker/labels.ts';
import { Kube } from '../../../harness/k8s/kube.ts';
import { clusterProvider } from '../../../harness/clusters/index.ts';
import { clusterSettings } from '../../../harness/scenario/environment.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'harness/cli/main.ts');
const SCENARIO = '01-taskmanager-killed';
const REAP_LIMIT_MS = 30_000;
const PHASE_TIMEOUT_MS = 6 * 60_000;
const reports = mkdtempSync(join(tmpdir(), 'frh-reaper-'));
const stamp = Date.now().toString(36);

/** A `frh suite` run in its own process group, with its progress lines. */
class SuiteRun {
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
async function dockerLeft(runId: string): Promise<string[]> {
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
async function goneWithin(since: number, what: string, left: () => Promise<string[]>): Promise<number> {
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
async function reapersExited(runId: string): Promise<string[]> {
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
function secondsBetween(log: string, from: RegExp, to: RegExp): number {
  const at = (pattern: RegExp): number => Date.parse(log.split('\n').find((line) => pattern.test(line))?.slice(0, 24) ?? '');
  return (at(to) - at(from)) / 1000;
}

/** Loopback TCP ports some process of a process group listens on (what port-forwards would hold). */
function listeningPortsOfGroup(pgid: number): number[] {
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

function listeningPorts(): Array<{ port: number; inode: string }> {
  return readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A' && fields[1]?.startsWith('0100007F:'))
    .map((fields) => ({ port: parseInt(fields[1]!.split(':')[1]!, 16), inode: fields[9]! }));
}

/** Process ids still in a process group. */
function processesOfGroup(pgid: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
    } catch {
      return false;
    }
  }).map(Number);
}

const figures: string[] = [];
afterAll(() => {
  process.stderr.write(`\nreaper figures (kill → nothing of the run left; reaper: owner seen gone → reaped):\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
  rmSync(reports, { recursive: true, force: true });
});

describe('the reaper, on Docker', () => {
  const bystanderRun = `reaper-bystander-${stamp}`;
  const unlabelled = `reaper-unlabelled-${stamp}`;
  let bystanderId = '';
  let unlabelledId = '';

  beforeAll(async () => {
    // A live owner's resource (this process owns it, of another run) and one without our labels.
    bystanderId = (await createNetwork(`frh-${bystanderRun}`, ownedLabels(bystanderRun, 'bystander'))).id;
    unlabelledId = (await docker().createNetwork({ Name: unlabelled, Driver: 'bridge', Internal: true })).id;
  });
  afterAll(async () => {
    await docker().getNetwork(bystanderId).remove().catch(() => undefined);
    await docker().getNetwork(unlabelledId).remove().catch(() => undefined);
  });

  // Each run is killed at the first line of its phase: while Flink's containers are being created,
  // with the job checkpointing before the fault, right after the fault while the restore is awaited,
  // and once the restore is seen, during the checks. Two lanes at a time (2 cores), a long phase
  // beside a short one.
  const lanes: Array<Array<[string, RegExp]>> = [
    [['during the checks', /: restore done in/], ['during deploy', /starting Flink \S+ generation 1/]],
    [['waiting for the restore', /: fault done in/], ['before the fault', /: running done in/]],
  ];

  /** One run killed at its phase; a run that ended before it (the scenario failed on a loaded machine) is tried once more. */
  const killAt = async (phase: string, pattern: RegExp, name: string, attempt = 1): Promise<{ phase: string; before: string[]; logs: string[] }> => {
    const run = new SuiteRun(`reaper-${name}-${attempt}-${stamp}`, 'docker');
    try {
      try {
        await run.waitFor(pattern);
      } catch (error) {
        if (attempt === 1 && run.child.exitCode !== null) {
          figures.push(`docker, ${phase}: first run ended before the phase (last progress line: ${run.lines.filter((l) => l.startsWith('[frh')).at(-1) ?? 'none'}), tried again`);
          return killAt(phase, pattern, name, attempt + 1);
        }
        throw error;
      }
      const before = await dockerLeft(run.runId);
      const killedAt = run.killGroup();
      const tookMs = await goneWithin(killedAt, `${phase} (${run.runId})`, () => dockerLeft(run.runId));
      figures.push(`docker, ${phase}: ${before.length} resource(s) at the kill, all gone ${(tookMs / 1000).toFixed(1)} s after it`);
      const logs = await reapersExited(run.runId);
      const noticed = logs.map((log) => (Date.parse(log.split('\n').find((line) => / gone \(/.test(line))?.slice(0, 24) ?? '') - killedAt) / 1000);
      figures.push(`docker, ${phase}: reaper noticed the owner gone ${noticed.map((s) => `${s.toFixed(1)} s`).join(', ')} after the kill; ${logs.map((log) => /reaped in [^\n]*/.exec(log)?.[0]).join('; ')}`);
      return { phase, before, logs };
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.killGroup();
    }
  };

  it('removes every container, network and volume of a run killed with SIGKILL, within 30 s, in each phase', async () => {
    const laneOutcomes = await Promise.all(lanes.map(async (lane, laneIndex) => {
      const outcomes: Array<PromiseSettledResult<{ phase: string; before: string[]; logs: string[] }>> = [];
      for (const [index, [phase, pattern]] of lane.entries()) {
        outcomes.push(await killAt(phase, pattern, `d${laneIndex}${index}`).then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason })));
      }
      return outcomes;
    }));
    const outcomes = laneOutcomes.flat();
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason));
    expect(failures).toEqual([]);
    for (const outcome of outcomes) {
      const { phase, before, logs } = (outcome as PromiseFulfilledResult<{ phase: string; before: string[]; logs: string[] }>).value;
      expect(before.length, `${phase}: something to reap at the kill`).toBeGreaterThan(0);
      // The reaper, not someone else's sweep, removed them: its log names each one.
      const logged = logs.join('\n');
      for (const resource of before.filter((r) => r.startsWith('network'))) expect(logged, phase).toContain(`removed ${resource}`);
      expect(logged).toMatch(/the owner spent [\d.]+ ms starting this reaper/);
    }
    // Never another owner's resource, never an unlabelled one.
    expect((await docker().getNetwork(bystanderId).inspect()).Id).toBe(bystanderId);
    expect((await docker().getNetwork(unlabelledId).inspect()).Id).toBe(unlabelledId);
  }, 15 * 60_000);
});

describe('the reaper, on Kubernetes', () => {
  let kube: Kube;

  beforeAll(async () => {
    kube = Kube.forCluster(await clusterProvider(clusterSettings({ ...process.env, FRH_PLATFORM: 'kubernetes' })).up());
  }, 5 * 60_000);

  it('deletes the namespaces of a run killed with SIGKILL before the fault, within 30 s; its port-forwards die with it', async () => {
    const run = new SuiteRun(`reaper-k0-${stamp}`, 'kubernetes');
    try {
      await run.waitFor(/: running done in/);
      const namespaces = await kube.ownedNamespaces(run.runId);
      expect(namespaces.length).toBeGreaterThan(0);
      const forwarded = listeningPortsOfGroup(run.child.pid!);
      expect(forwarded.length, 'the worker forwards loopback ports to its pods').toBeGreaterThan(0);
      const killedAt = run.killGroup();
      // Gone or terminating: Kubernetes finishes a namespace's deletion on its own.
      const terminatingMs = await goneWithin(killedAt, `kubernetes (${run.runId})`, async () => {
        const list = await kube.core.listNamespace({ labelSelector: `frh.dev/run=${run.runId}` });
        return list.items.filter((ns) => !ns.metadata?.deletionTimestamp).map((ns) => `namespace ${ns.metadata?.name}`);
      });
      // Nothing of the killed group runs on, and no port it forwarded still listens: they were in-process.
      const deadline = Date.now() + 5_000; // killed processes may linger a moment as zombies
      while (processesOfGroup(run.child.pid!).length > 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 200));
      expect(processesOfGroup(run.child.pid!)).toEqual([]);
      expect(listeningPorts().filter((p) => forwarded.includes(p.port))).toEqual([]);
      const logs = await reapersExited(run.runId);
      const logged = logs.join('\n');
      for (const namespace of namespaces) expect(logged).toContain(`deleting namespace ${namespace}`);
      const gone = logs.map((log) => secondsBetween(log, / gone \(/, /namespace \S+ gone/));
      figures.push(`kubernetes, before the fault: ${namespaces.length} namespace(s), terminating after ${(terminatingMs / 1000).toFixed(1)} s; reaper: deleting after ${logs.map((log) => secondsBetween(log, / gone \(/, /deleting namespace/).toFixed(1)).join(', ')} s, gone after ${gone.map((s) => s.toFixed(1)).join(', ')} s`);
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.killGroup();
    }
  }, 15 * 60_000);
});
