// Every Flink version a scenario deploys has its probe image built by the command that runs it: the
// suite's (the core scenarios, scenario 10's upgrade among them) and `./run nightly`'s `flink-upgrades`.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInScenarios } from '../../../harness/scenario/catalog.ts';
import { flinkUpgradeImages } from '../../../harness/platforms/images-needed.ts';
import { imagesNeeded } from '../../../harness/platforms/registry.ts';
import { probeFlinkImageName } from '../../../harness/platforms/images.ts';
import { DEFAULT_FLINK_VERSION } from '../../../harness/platforms/deployment-spec.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const builtIn = await builtInScenarios(ROOT);
/** The Flink versions the scenarios of a folder deploy beyond the run's own (a start or an upgrade's target). */
const versionsIn = (folder: string): string[] => [...new Set(builtIn
  .filter(({ file }) => file.startsWith(`${folder}/`) && !file.slice(folder.length + 1).includes('/'))
  .flatMap(({ definition }) => [definition.deployment?.flinkVersion, definition.redeployWith?.flinkVersion])
  .filter((version): version is string => version !== undefined))];

describe('the images a run builds', () => {
  it('hold every version the Flink-upgrade scenarios deploy', () => {
    const versions = versionsIn('scenarios/flink-upgrades');
    expect(versions.length).toBeGreaterThan(1);
    expect(flinkUpgradeImages()).toEqual(expect.arrayContaining(versions.map(probeFlinkImageName)));
  });

  it('hold every version the core scenarios deploy, on Docker and on Kubernetes, whatever the run\'s version', () => {
    const versions = versionsIn('scenarios');
    for (const platform of ['docker', 'kubernetes'] as const) {
      expect(imagesNeeded(platform, ['1.20.0'])).toEqual(expect.arrayContaining([...versions, '1.20.0'].map(probeFlinkImageName)));
    }
  });

  it('of the default version need no upgrade images beyond scenario 10\'s', () => {
    expect(imagesNeeded('docker', [DEFAULT_FLINK_VERSION]).filter((name) => name.startsWith('probe-flink-'))).toEqual(
      [...new Set([DEFAULT_FLINK_VERSION, ...versionsIn('scenarios')])].map(probeFlinkImageName),
    );
  });
});
