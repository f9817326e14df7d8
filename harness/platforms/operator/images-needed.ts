// images/build.sh's names of what an Operator run needs on the nodes (its descriptor and platform both ask).
import { probeFlinkImageName } from '../images.ts';
import { operatorVersion } from './flink-deployment.ts';

/** A user's own operator image (FRH_IMAGE_OPERATOR) replaces the one built here. */
export function operatorImagesNeeded(flinkVersions: string[], env: NodeJS.ProcessEnv): string[] {
  return ['minio', ...(env.FRH_IMAGE_OPERATOR ? [] : [`operator-${operatorVersion(env)}`]), ...flinkVersions.map(probeFlinkImageName)];
}
