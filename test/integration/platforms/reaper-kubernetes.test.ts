// Issue 16, the reaper on Kubernetes: a real `frh suite --platform kubernetes` run killed with SIGKILL
// as a whole process group before the fault leaves no namespace of its run 30 s later (deleted or
// terminating), with no command run by anyone, and its port-forwards die with it. The Docker phases
// are reaper.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { Kube } from '../../../harness/k8s/kube.ts';
import { clusterProvider } from '../../../harness/clusters/index.ts';
import { clusterSettings } from '../../../harness/scenario/environment.ts';
import { SuiteRun, goneWithin, listeningPorts, listeningPortsOfGroup, processesOfGroup, reaperFigures, reapersExited, secondsBetween, stamp } from './reaper-support.ts';

const figures = reaperFigures();

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
