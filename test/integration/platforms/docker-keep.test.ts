// --keep on a real Docker engine (networks and volumes only: no image, a few seconds): the dead
// owner's reaper and a run's own sweep remove the run's other resources but leave a kept
// deployment and its marker; only a person's `frh sweep --run` removes them.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, keepDeployment, sweep } from '../../../harness/platforms/docker/docker-api.ts';
import { DEPLOYMENT_LABEL, MANAGED_LABEL, OWNER_HOST_LABEL, OWNER_PID_LABEL, RUN_LABEL } from '../../../harness/platforms/docker/labels.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const runId = `keep-it-${Date.now().toString(36)}`;

/** What carries the run's label now: `network <name>` and `volume <name>`. */
async function left(): Promise<string[]> {
  const filters = { label: [`${RUN_LABEL}=${runId}`] };
  const networks = (await docker().listNetworks({ filters })).map((n) => `network ${n.Name}`);
  const volumes = ((await docker().listVolumes({ filters })).Volumes ?? []).map((v) => `volume ${v.Name}`);
  return [...networks, ...volumes].sort();
}

afterAll(async () => {
  await sweep(runId, { removeKept: true });
});

describe('a kept Docker deployment', () => {
  it('outlives its owner\'s reaper and the run\'s sweep; frh sweep --run removes it', async () => {
    // The owner: a process that will die, as a vitest worker does at the end of a run.
    const owner = spawn('sleep', ['600'], { stdio: 'ignore' });
    const reaper = spawn(process.execPath, [join(ROOT, 'harness/support/reaper-main.ts'), '--owner', String(owner.pid), '--host', hostname(), '--start', '', '--run', runId], {
      cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' },
    });
    let log = '';
    reaper.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    reaper.stdin.write('{"kind":"docker-engine"}\n');
    const labels = (deployment: string): Record<string, string> => ({
      [MANAGED_LABEL]: 'true', [RUN_LABEL]: runId, [DEPLOYMENT_LABEL]: deployment, [OWNER_PID_LABEL]: String(owner.pid), [OWNER_HOST_LABEL]: hostname(),
    });
    for (const deployment of ['kept', 'failed-over', 'passed']) {
      await docker().createNetwork({ Name: `frh-${runId}-${deployment}`, Internal: true, Labels: labels(deployment) });
    }
    await keepDeployment(runId, 'kept', `frh-${runId}-kept-kept`);

    owner.kill('SIGKILL');
    reaper.stdin.end();
    const exited = await new Promise<number | null>((done) => reaper.on('exit', done));
    expect(exited, log).toBe(0);
    expect(log).toMatch(/reaped in [\d.]+ s: 2 Docker resource\(s\) removed/);
    expect(await left()).toEqual([`network frh-${runId}-kept`, `volume frh-${runId}-kept-kept`]);

    // The run's own end (frh suite after vitest, global-setup's teardown, ./run test's trap).
    expect(await sweep(runId)).toBe(0);
    expect(await left()).toHaveLength(2);

    // A person's frh sweep --run.
    expect(await sweep(runId, { removeKept: true })).toBe(2);
    expect(await left()).toEqual([]);
  }, 60_000);
});
