// images/build.sh's names of what a Kubernetes run needs on the nodes (its descriptor and platform both ask).
import { probeImagesFor } from '../images-needed.ts';

/** On a cluster, HA is kept in ConfigMaps: no ZooKeeper. */
export function clusterImagesNeeded(flinkVersions: string[]): string[] {
  return ['minio', ...probeImagesFor(flinkVersions)];
}
