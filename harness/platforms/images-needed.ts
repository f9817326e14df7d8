// Which of images/build.sh's images a run needs, by platform and Flink versions, so a command builds
// only what it runs (a cold Docker suite used to build the operator and every Flink version too).
// Names are images/build.sh's logical names; each platform's descriptor says which it needs
// (registry.ts: imagesNeeded), and its `images()` maps them to tags.
import { DEFAULT_FLINK_VERSION, LTS_FLINK_VERSION, NEWEST_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION } from './deployment-spec.ts';
import { probeFlinkImageName } from './images.ts';

/** The probe images a run of these versions uses: the upgrade scenario's two versions come along. */
export function probeImagesFor(flinkVersions: string[]): string[] {
  return [...new Set([...flinkVersions, DEFAULT_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION])].map(probeFlinkImageName);
}

/** The probe images of the Flink-upgrade scenarios (scenarios/flink-upgrades/, nightly), on either platform. */
export function flinkUpgradeImages(): string[] {
  return [...new Set([LTS_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION, NEWEST_FLINK_VERSION])].map(probeFlinkImageName);
}
