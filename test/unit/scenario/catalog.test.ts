// `frh list`: every built-in scenario file yields its definitions without vitest registering a test,
// and the abilities a scenario needs come from its own fault's check() and its steps.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ABILITIES, abilitiesNeeded, builtInScenarioFiles, builtInScenarios, catalog } from '../../../harness/scenario/catalog.ts';
import { formatCatalog } from '../../../harness/cli/list.ts';
import { cancelJob, deleteHaMetadata, inSequence, killJobManager, upgradeJob } from '../../../harness/faults/index.ts';
import { storageOutageUntilCheckpointFails } from '../../../harness/faults/index.ts';
import type { ScenarioDefinition } from '../../../harness/scenario/definition.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const base: ScenarioDefinition = { id: 'x', title: 'x', strategy: 'FAILOVER', fault: cancelJob(), expect: { verdict: 'PASS' } };

describe('the catalogue', () => {
  it('holds every built-in scenario file, each with a distinct id', async () => {
    const found = await builtInScenarios(ROOT);
    expect(new Set(found.map((f) => f.file))).toEqual(new Set(builtInScenarioFiles(ROOT)));
    const ids = found.map((f) => f.definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(found.length).toBeGreaterThanOrEqual(30);
  });

  it('names the abilities a scenario needs from its fault and steps', async () => {
    const entries = await catalog(ROOT, [resolve(ROOT, 'examples/scenarios/zoo-savepoint-blind-resolver.yaml')]);
    const of = (id: string) => entries.find((e) => e.id === id)!;
    expect(of('taskmanager-killed')).toMatchObject({ platforms: ['docker', 'kubernetes', 'operator'], abilities: ['kill-taskmanager'], origin: 'built-in', file: 'scenarios/01-taskmanager-killed.scenario.ts' });
    expect(of('savepoint-then-cancel')).toMatchObject({ platforms: ['docker', 'kubernetes'], abilities: [] });
    expect(of('k8s-storage-outage').abilities).toEqual(['kill-taskmanager', 'interrupt-storage']);
    expect(of('k8s-ha-configmaps-deleted').abilities).toEqual(['kill-jobmanager', 'delete-ha-metadata']);
    expect(of('op-manual-savepoint-then-last-state-upgrade').abilities).toEqual(['reconcile-job-spec']);
    expect(of('yaml-zoo-savepoint-blind-resolver')).toMatchObject({ origin: 'given', versions: 'first', fault: 'cancel', expect: { verdict: 'RESTORE_MISMATCH', restored: 'checkpoint' } });
  });

  it('reads abilities through the faults’ own checks', () => {
    expect(abilitiesNeeded(base)).toEqual([]);
    expect(abilitiesNeeded({ ...base, fault: inSequence(deleteHaMetadata(), upgradeJob({ parallelism: 1 })) })).toEqual(['delete-ha-metadata', 'reconcile-job-spec']);
    expect(abilitiesNeeded({ ...base, fault: killJobManager(), before: [storageOutageUntilCheckpointFails()] })).toEqual(['kill-jobmanager', 'interrupt-storage']);
    expect(Object.keys(ABILITIES)).toHaveLength(6);
  });

  it('prints one line per scenario under a header', async () => {
    const entries = await catalog(ROOT);
    const lines = formatCatalog(entries).split('\n');
    expect(lines).toHaveLength(entries.length + 1);
    expect(lines[0]).toMatch(/^ID +PLATFORMS +ABILITIES +FAULT +EXPECTS +FROM +TITLE$/);
    expect(lines.find((l) => l.startsWith('taskmanager-killed '))).toMatch(/docker,kubernetes,operator +kill-taskmanager +kill-taskmanager +PASS checkpoint +scenarios\/01-taskmanager-killed\.scenario\.ts +TaskManager killed/);
  });
});
