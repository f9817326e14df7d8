// --keep: runScenario keeps the deployment of a scenario that did not end as intended (the report's
// notion: shortfallOf, failed assertions included) and removes every other one, as without --keep.
import { describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from '../../../harness/scenario/run-scenario.ts';
import type { ScenarioDefinition } from '../../../harness/scenario/definition.ts';
import type { Deployment, KeptPlace, Platform } from '../../../harness/platforms/platform.ts';
import type { Verdict } from '../../../harness/judge/verdict.ts';

process.env.FRH_QUIET = '1';

/** A deployment that only records whether it was removed or kept; the scenario's fault check fails on it at once. */
function recordingPlatform(keepFails = false): { platform: Platform; calls: string[] } {
  const calls: string[] = [];
  const deployment = {
    spec: {},
    collectDiagnostics: async () => ({}),
    dispose: async () => (calls.push('dispose'), []),
    keep: async (): Promise<KeptPlace> => {
      calls.push('keep');
      if (keepFails) throw new Error('engine gone');
      return { platform: 'fake', where: 'network fake-net', access: [{ what: 'Flink UI (REST)', how: 'http://10.0.0.2:8081' }] };
    },
  } as unknown as Deployment;
  return { platform: { name: 'fake', deploy: async () => deployment, sweep: async () => 0 }, calls };
}

function definition(intended: Verdict): ScenarioDefinition {
  return {
    id: 'keep-unit',
    title: 'a fault whose check fails ends in INFRA_ERROR',
    strategy: 'LATEST_STATE',
    fault: {
      name: 'broken', kind: 'taskmanager-loss', recovery: 'failover',
      check: () => { throw new Error('the platform cannot do this'); },
      inject: async () => { throw new Error('unreachable'); },
    },
    expect: { verdict: intended },
  } as ScenarioDefinition;
}

const run = (intended: Verdict, options: Partial<RunOptions>, keepFails = false) => {
  const { platform, calls } = recordingPlatform(keepFails);
  return runScenario(definition(intended), { platform, flinkVersion: '2.1.0', ...options }).then((result) => ({ result, calls }));
};
const keep = { removeWith: 'frh sweep --run r1' };

describe('--keep in runScenario', () => {
  it('keeps the deployment of a scenario that did not end as intended, and records how to reach it', async () => {
    const { result, calls } = await run('PASS', { keep });
    expect(result.verdict).toBe('INFRA_ERROR');
    expect(calls).toEqual(['keep']);
    expect(result.kept).toEqual({ platform: 'fake', where: 'network fake-net', access: [{ what: 'Flink UI (REST)', how: 'http://10.0.0.2:8081' }], removeWith: 'frh sweep --run r1' });
  });

  it('removes it as before without --keep', async () => {
    const { result, calls } = await run('PASS', {});
    expect(calls).toEqual(['dispose']);
    expect(result.kept).toBeUndefined();
  });

  it('removes the deployment of a scenario that ended as intended, even with --keep', async () => {
    const { result, calls } = await run('INFRA_ERROR', { keep });
    expect(result.verdict).toBe('INFRA_ERROR');
    expect(calls).toEqual(['dispose']);
    expect(result.kept).toBeUndefined();
  });

  it('decides on the assessed result: a failed assertion under the intended verdict is not as intended', async () => {
    const { result, calls } = await run('INFRA_ERROR', { keep, assess: (r) => ({ ...r, assertionFailures: ['restored none, intended checkpoint'] }) });
    expect(result.assertionFailures).toEqual(['restored none, intended checkpoint']);
    expect(calls).toEqual(['keep']);
    expect(result.kept?.where).toBe('network fake-net');
  });

  it('removes a deployment it could not keep', async () => {
    const { result, calls } = await run('PASS', { keep }, true);
    expect(calls).toEqual(['keep', 'dispose']);
    expect(result.kept).toBeUndefined();
  });
});
