// The cluster a Kubernetes run uses, up and holding the run's images. Asked for by every scenario
// file (cheap when nothing changed: `up` attaches, image loading skips what the nodes have), because
// another test of the same run may have taken the local cluster down and up again.
import { clusterProvider } from '../clusters/index.ts';
import type { Cluster } from '../clusters/cluster.ts';
import { KubernetesPlatform } from '../platforms/kubernetes/kubernetes-platform.ts';
import { clusterSettings, flinkVersions, platformName } from './environment.ts';
import { OperatorPlatform } from '../platforms/operator/operator-platform.ts';

export async function prepareKubernetesCluster(env: NodeJS.ProcessEnv = process.env): Promise<Cluster> {
  const provider = clusterProvider(clusterSettings(env));
  const cluster = await provider.up();
  const versions = flinkVersions(env);
  await provider.loadImages(platformName(env) === 'operator' ? OperatorPlatform.images(versions, env) : KubernetesPlatform.images(versions));
  return cluster;
}
