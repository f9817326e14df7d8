// images/build.sh's names of what a Kubernetes run needs on the nodes (its descriptor and platform both ask).
import { probeImagesFor } from '../images-needed.ts';

/** Kubernetes keeps HA in ConfigMaps: no ZooKeeper. */
export function kubernetesImagesNeeded(flinkVersions: string[]): string[] {
  return ['minio', ...probeImagesFor(flinkVersions)];
}
