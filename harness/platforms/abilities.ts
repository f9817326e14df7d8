// What a platform's deployments can do, known before anything is deployed: an ability is a set of
// methods its deployment class implements (platform.ts), so a fault's own check() can be asked
// against the class itself (faults/injectable.ts). The answer follows the code: a platform that
// learns a kill learns it here.
import type { Deployment } from './platform.ts';
import { DockerDeployment } from './docker/docker-deployment.ts';
import { KubernetesDeployment } from './kubernetes/kubernetes-deployment.ts';
import { OperatorDeployment } from './operator/operator-deployment.ts';

const DEPLOYMENT_CLASSES: Record<string, { prototype: object } | undefined> = {
  docker: DockerDeployment,
  kubernetes: KubernetesDeployment,
  operator: OperatorDeployment,
};

/** A deployment of `platform` as far as its methods go (nothing deployed): what a fault's check() asks. */
export function deploymentTemplate(platform: string): Deployment {
  const deploymentClass = DEPLOYMENT_CLASSES[platform];
  if (!deploymentClass) throw new Error(`harness/platforms/abilities.ts knows no deployment class of platform ${platform}`);
  // The class's methods with the platform's name, as a deployment of it would have them.
  return Object.assign(Object.create(deploymentClass.prototype) as object, { platform }) as Deployment;
}
