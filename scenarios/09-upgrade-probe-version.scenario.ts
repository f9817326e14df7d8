// An upgrade: the job is stopped with a savepoint and redeployed with a new version of the job
// (same operator UIDs); the new version must continue from exactly that savepoint.
import { scenario } from '../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../harness/faults/index.ts';
import { defaultSpec } from '../harness/platforms/deployment-spec.ts';
import type { ScenarioResult } from '../harness/report/results.ts';

scenario({
  id: 'upgrade-probe-version',
  title: 'Job upgraded to a new version (same UIDs) through stop-with-savepoint → the new version restores that savepoint',
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { probe: { ...defaultSpec().probe, version: 'v2' } },
  alsoShows: [{ fact: 'every record written since the restore comes from version v2', holds: writtenOnlyBy('v2') }],
  expect: { verdict: 'PASS', restored: 'savepoint' },
});

function writtenOnlyBy(version: string) {
  return (result: ScenarioResult): boolean => {
    const versions = result.evidence.probeVersionsSinceRestore as string[] | undefined;
    return versions !== undefined && versions.length === 1 && versions[0] === version;
  };
}
