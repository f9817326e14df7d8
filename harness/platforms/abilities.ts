// What a platform's deployments can do, known before anything is deployed: an ability is a set of
// methods its deployment class implements (platform.ts), so a fault's own check() can be asked
// against the class itself (faults/injectable.ts). The answer follows the code: a platform that
// learns a kill learns it in its class. Each descriptor names its class; they are loaded here once,
// when this module is, so the asking stays synchronous.
import type { Deployment } from './platform.ts';
import { PLATFORMS } from './registry.ts';

const DEPLOYMENT_CLASSES = new Map(await Promise.all(PLATFORMS.map(async (p) => [p.name, await p.deploymentClass()] as const)));

/** A deployment of `platform` as far as its methods go (nothing deployed): what a fault's check() asks. */
export function deploymentTemplate(platform: string): Deployment {
  const deploymentClass = DEPLOYMENT_CLASSES.get(platform);
  if (!deploymentClass) throw new Error(`no platform "${platform}" in harness/platforms/registry.ts`);
  // The class's methods with the platform's name, as a deployment of it would have them.
  return Object.assign(Object.create(deploymentClass.prototype) as object, { platform }) as Deployment;
}
