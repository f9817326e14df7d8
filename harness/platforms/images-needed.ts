// Which of images/build.sh's images a run needs, by platform and Flink versions, so a command builds
// only what it runs (a cold Docker suite used to build the operator and every Flink version too).
// Names are images/build.sh's logical names; each platform's `images()` maps them to tags.
import { DEFAULT_FLINK_VERSION, LTS_FLINK_VERSION, NEWEST_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION } from './deployment-spec.ts';
import { probeFlinkImageName } from './docker/images.ts';
import { operatorVersion } from './operator/flink-deployment.ts';

type PlatformName = 'docker' | 'kubernetes' | 'operator';

/** The probe images a run of these versions uses: the upgrade scenario's two versions come along. */
export function probeImagesFor(flinkVersions: string[]): string[] {
  return [...new Set([...flinkVersions, DEFAULT_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION])].map(probeFlinkImageName);
}

/** The probe images of the Flink-upgrade scenarios (scenarios/flink-upgrades/, nightly), on either platform. */
export function flinkUpgradeImages(): string[] {
  return [...new Set([LTS_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION, NEWEST_FLINK_VERSION])].map(probeFlinkImageName);
}

/**
 * Images a suite on `platform` with these Flink versions runs (their parents, such as the Flink
 * image under a probe image, are built by images/build.sh as dependencies). A user's own operator
 * image (FRH_IMAGE_OPERATOR) replaces the one built here.
 */
export function imagesNeeded(platform: PlatformName, flinkVersions: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  switch (platform) {
    // ZooKeeper is the Docker platform's HA store; Kubernetes keeps HA in ConfigMaps.
    case 'docker': return ['zookeeper', 'minio', ...probeImagesFor(flinkVersions)];
    case 'kubernetes': return ['minio', ...probeImagesFor(flinkVersions)];
    case 'operator': return ['minio', ...(env.FRH_IMAGE_OPERATOR ? [] : [`operator-${operatorVersion(env)}`]), ...flinkVersions.map(probeFlinkImageName)];
  }
}
