// What a platform's deployments can do, known before anything is deployed: an ability is a set of
// methods its deployment class implements (platform.ts), so a fault's own check() can be asked
// against the class itself. The answer follows the code: a platform that learns a kill learns it here.
import { MissingAbilityError, type Fault } from '../faults/fault.ts';
import type { Deployment } from './platform.ts';
type PlatformName = string;
import { DockerDeployment } from './docker/docker-deployment.ts';
import { KubernetesDeployment } from './kubernetes/kubernetes-deployment.ts';
import { OperatorDeployment } from './operator/operator-deployment.ts';

const DEPLOYMENT_CLASSES: Record<PlatformName, { prototype: object } | undefined> = {
  docker: DockerDeployment,
  kubernetes: KubernetesDeployment,
  operator: OperatorDeployment,
};

/** Why `platform` cannot inject `fault` (the fault's own one-line complaint), or undefined when it can. */
export function cannotInject(platform: PlatformName, fault: Fault): string | undefined {
  // The class's methods with the platform's name, as a deployment of it would have them.
  const deploymentClass = DEPLOYMENT_CLASSES[platform];
  if (!deploymentClass) throw new Error(`harness/platforms/abilities.ts knows no deployment class of platform ${platform}`);
  const template = Object.assign(Object.create(deploymentClass.prototype) as object, { platform }) as Deployment;
  try {
    fault.check(template);
    return undefined;
  } catch (error) {
    if (error instanceof MissingAbilityError) return error.message;
    throw error;
  }
}
