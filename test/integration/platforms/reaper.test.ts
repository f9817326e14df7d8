// Issue 16, the reaper: a real `frh suite` run of a short scenario, killed with SIGKILL as a whole
// process group (CLI, vitest, its worker) at a phase read from its progress lines, leaves nothing
// labelled with its run id 30 s later, with no command run by anyone: the worker's reaper (its own
// session, so the kill spares it) removed the containers, networks and volumes (Docker) or deleted
// the namespaces (Kubernetes), logged that under the run's report folder, and exited.
// Bystanders stay: a network of a live owner (this process) and an unlabelled network.
// The Docker phases run concurrently (four short runs); the Kubernetes one is reaper-kubernetes.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, docker } from '../../../harness/platforms/docker/docker-api.ts';
import { ownedLabels } from '../../../harness/platforms/docker/labels.ts';
import { SuiteRun, dockerLeft, goneWithin, reaperFigures, reapersExited, stamp } from './reaper-support.ts';

const figures = reaperFigures();

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

