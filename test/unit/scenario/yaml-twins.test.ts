// A YAML scenario becomes exactly the ScenarioDefinition the TypeScript API builds: the YAML twins
// of built-in scenarios translate to the same shape (steps and faults by name, kind and recovery,
// an upgrade's changes as the fault records them), and the examples mirror the scenarios they name.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { builtInScenarios } from '../../../harness/scenario/catalog.ts';
import type { ScenarioDefinition } from '../../../harness/scenario/definition.ts';
import type { Fault } from '../../../harness/faults/index.ts';
import type { Deployment } from '../../../harness/platforms/platform.ts';
import { loadScenarioFile, parseScenarioYaml } from '../../../harness/scenario/yaml.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** What an upgrade fault would apply, read from its own record against a deployment that only records. */
async function upgradeChanges(fault: Fault): Promise<unknown> {
  if (!fault.name.includes('upgrade')) return undefined;
  const done = { requestedAt: 0, effectiveAt: 0 };
  const deployment = {
    spec: { name: 'x' }, jobId: 'job', upgradeMode: 'last-state',
    suspend: async () => done, upgrade: async () => done, killController: async () => 0, triggerSavepoint: async () => ({ path: '', recordedAt: 0 }),
    deleteHaMetadata: async () => ['cm'], killJobManager: async () => 0, replaceJobManager: async () => 0,
  } as unknown as Deployment;
  const record = await fault.inject({ deployment, watcher: undefined as never });
  return JSON.parse(JSON.stringify(record.detail, (key, value) => (key === 'controllerKilledAt' ? undefined : value)));
}

/** A definition with its steps and faults by what they are, not by identity; alsoShows are TypeScript-only. */
export async function shapeOf(definition: ScenarioDefinition): Promise<unknown> {
  const { alsoShows: _, before, fault, ...rest } = definition;
  return {
    ...rest,
    before: before?.map((step) => step.name),
    fault: { name: fault.name, kind: fault.kind, recovery: fault.recovery, changes: await upgradeChanges(fault) },
  };
}

/** YAML twins of built-in scenarios, by id; `title: TITLE` takes the built-in's title. */
const TWINS: Record<string, string> = {
  'taskmanager-killed': 'platforms: [docker, kubernetes, operator]\nstrategy: FAILOVER\nfault: kill-taskmanager\nexpect: {verdict: PASS, restored: checkpoint}',
  'jobmanager-killed': 'strategy: FAILOVER\nsteps: [kill-jobmanager]\nexpect: {verdict: PASS, restored: checkpoint}',
  'savepoint-then-cancel': 'deployment: {checkpointIntervalMs: 8000}\nstrategy: LATEST_STATE\nsteps: [savepoint, cancel]\nexpect: {verdict: PASS, restored: savepoint}',
  'checkpoint-after-savepoint-then-cancel': 'strategy: LATEST_STATE\nsteps:\n  - savepoint:\n  - checkpoints: 1\n  - cancel:\nexpect: {verdict: PASS, restored: checkpoint}',
  'stop-with-savepoint': 'strategy: LATEST_STATE\nfault: stop-with-savepoint\nexpect: {verdict: PASS, restored: savepoint}',
  'restarts-exhausted': 'deployment: {restartAttempts: 2}\nstrategy: LATEST_STATE\nfault: fail-until-restarts-exhausted\nexpect: {verdict: PASS, restored: checkpoint}',
  'resume-at-different-parallelism': 'strategy: LATEST_STATE\nsteps: [{checkpoints: 1}, cancel]\nupgrade: {parallelism: 1}\nexpect: {verdict: PASS, restored: checkpoint}',
  'checkpoint-at-the-fault': 'deployment: {checkpointIntervalMs: 250}\nstrategy: FAILOVER\nsteps: [{checkpoint-just-completed: 500}, kill-taskmanager]\nexpect: {verdict: PASS, restored: checkpoint}',
  'upgrade-probe-version': 'strategy: LATEST_STATE\nfault: stop-with-savepoint\nupgrade: {probe: {version: v2}}\nexpect: {verdict: PASS, restored: savepoint}',
  'upgrade-flink-version': 'versions: first\ndeployment: {flinkVersion: 2.1.0}\nstrategy: LATEST_STATE\nfault: stop-with-savepoint\nupgrade: {flinkVersion: 2.3.0}\nexpect: {verdict: PASS, restored: savepoint}',
  'k8s-jobmanager-pod-deleted': 'platforms: [kubernetes, operator]\nstrategy: FAILOVER\nfault: replace-jobmanager\nexpect: {verdict: PASS, restored: checkpoint}',
  'k8s-storage-outage': "platforms: [kubernetes]\ndeployment:\n  flinkConfig:\n    execution.checkpointing.timeout: 20s\n    s3.connection.timeout: 30000\nstrategy: FAILOVER\nsteps: [storage-outage, kill-taskmanager]\nexpect: {verdict: PASS, restored: checkpoint}",
  'k8s-ha-configmaps-deleted': 'platforms: [kubernetes]\nversions: first\nstrategy: FAILOVER\nsteps: [delete-ha-metadata, kill-jobmanager]\nexpect: {verdict: NO_RESTORE, restored: none}',
  'op-last-state-suspend-resume': 'platforms: [operator]\ndeployment: {upgradeMode: last-state}\nstrategy: LAST_STATE\nsteps: [{checkpoints: 1}, suspend]\nexpect: {verdict: PASS, restored: checkpoint}',
  'op-savepoint-suspend-resume': 'platforms: [operator]\ndeployment: {upgradeMode: savepoint}\nstrategy: UPGRADE_SAVEPOINT\nsteps: [{checkpoints: 1}, suspend]\nexpect: {verdict: PASS, restored: savepoint}',
  'op-manual-savepoint-then-last-state-upgrade': 'platforms: [operator]\ndeployment: {upgradeMode: last-state, checkpointIntervalMs: 10000}\nstrategy: LAST_STATE\nsteps: [{checkpoints: 1}, savepoint-through-platform]\nfault: {upgrade-through-platform: {parallelism: 1}}\nexpect: {verdict: PASS, restored: checkpoint}',
  'op-operator-killed-mid-upgrade': 'platforms: [operator]\ndeployment: {upgradeMode: last-state}\nstrategy: LAST_STATE\nsteps:\n  - checkpoints: 1\n  - upgrade-through-platform: {parallelism: 1, killControllerMidway: true}\nexpect: {verdict: PASS, restored: checkpoint}',
  'op-ha-configmaps-deleted-before-last-state-upgrade': 'platforms: [operator]\ndeployment: {upgradeMode: last-state}\nstrategy: LAST_STATE\nsteps: [{checkpoints: 1}]\nfault: [delete-ha-metadata, {upgrade-through-platform: {parallelism: 1}}]\nexpect: {verdict: NO_RESTORE, restored: none}',
  'op-zoo-stateless-upgrade': 'platforms: [operator]\ndeployment: {upgradeMode: stateless}\nstrategy: LAST_STATE\nsteps: [{checkpoints: 1}, {upgrade-through-platform: {parallelism: 1}}]\nexpect: {verdict: NO_RESTORE, restored: none}',
  'zoo-no-externalized-checkpoints': 'deployment: {retention: NO_EXTERNALIZED_CHECKPOINTS}\nversions: first\nstrategy: LATEST_STATE\nsteps: [savepoint, {checkpoints: 1}, cancel]\nexpect: {verdict: RESTORE_MISMATCH, restored: savepoint}',
  'zoo-delete-on-cancellation': 'deployment: {retention: DELETE_ON_CANCELLATION}\nversions: first\nstrategy: LATEST_STATE\nfault: cancel\nexpect: {verdict: NO_RESTORE, restored: none}',
  'zoo-ha-disabled': 'deployment: {highAvailability: none}\nversions: first\nstrategy: FAILOVER\nfault: kill-jobmanager\nexpect: {verdict: NO_RESTORE, restored: none}',
  'zoo-lexicographic-resolver': 'deployment: {resume: {seededDefect: lexicographic}, checkpointIntervalMs: 1000}\nversions: first\nstrategy: LATEST_STATE\nsteps: [{checkpoint-reaches: 10}, cancel]\nexpect: {verdict: RESTORE_MISMATCH, restored: checkpoint}',
  'zoo-savepoint-blind-resolver': 'deployment: {resume: {seededDefect: savepoint-blind}, checkpointIntervalMs: 8000}\nversions: first\nstrategy: LATEST_STATE\nsteps: [savepoint, cancel]\nexpect: {verdict: RESTORE_MISMATCH, restored: checkpoint}',
  'zoo-latest-savepoint-behaviour': 'versions: first\ndeployment: {resume: {policy: LATEST_SAVEPOINT}}\nstrategy: LATEST_STATE\nsteps: [savepoint, {checkpoints: 1}, cancel]\nexpect: {verdict: RESTORE_MISMATCH, restored: savepoint}',
  'zoo-ha-storage-container-local': "deployment: {flinkConfig: {high-availability.storageDir: 'file:///opt/flink/ha'}}\nversions: first\nstrategy: FAILOVER\nfault: replace-jobmanager\nexpect: {verdict: NO_RESTORE, restored: none}",
  'zoo-operator-uid-changed': 'versions: first\nstrategy: LATEST_STATE\nfault: stop-with-savepoint\nupgrade: {probe: {version: v2, stateUid: probe-state-renamed}, allowNonRestoredState: true}\nexpect: {verdict: STATE_LOSS, restored: savepoint}',
  'zoo-initial-savepoint-after-failure': 'deployment: {resume: {seededDefect: oldest-savepoint}, restartAttempts: 2}\nversions: first\nstrategy: LATEST_STATE\nsteps: [savepoint, {checkpoints: 2}, fail-until-restarts-exhausted]\nexpect: {verdict: RESTORE_MISMATCH, restored: savepoint}',
  'zoo-stale-ha-reused-cluster-id': 'deployment: {clusterId: orders}\nversions: first\nstrategy: NONE\nfault: delete-deployment\nexpect: {verdict: RESTORE_MISMATCH, restored: checkpoint}',
  'zoo-newest-metadata-deleted': 'versions: first\nstrategy: LATEST_STATE\nsteps: [{checkpoints: 1}, cancel, delete-newest-checkpoint-metadata]\nexpect: {verdict: RESTORE_MISMATCH, restored: checkpoint}',
};

const builtIn = await builtInScenarios(ROOT);
const byId = new Map(builtIn.map(({ definition }) => [definition.id, definition]));

describe('a YAML twin translates to the definition its built-in scenario builds', () => {
  it('names only built-in scenarios', () => {
    expect(Object.keys(TWINS).filter((id) => !byId.has(id))).toEqual([]);
  });

  it.each(Object.keys(TWINS))('%s', async (id) => {
    const original = byId.get(id)!;
    const yaml = `id: ${id}\ntitle: ${JSON.stringify(original.title)}\n${TWINS[id]}\n`;
    expect(await shapeOf(parseScenarioYaml(yaml, `${id}.yaml`))).toEqual(await shapeOf(original));
  });
});

describe('the example scenarios mirror the built-in scenarios they name', () => {
  it.each([
    ['examples/scenarios/savepoint-then-cancel.yaml', 'savepoint-then-cancel'],
    ['examples/scenarios/zoo-savepoint-blind-resolver.yaml', 'zoo-savepoint-blind-resolver'],
  ])('%s ≙ %s', async (file, id) => {
    const example = loadScenarioFile(resolve(ROOT, file));
    const original = byId.get(id)!;
    expect(example.id).toBe(`yaml-${id}`);
    expect(await shapeOf({ ...example, id: original.id, title: original.title })).toEqual(await shapeOf(original));
  });
});
