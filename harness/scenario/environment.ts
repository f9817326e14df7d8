// Scenario settings from the environment (set by the CLI or by the user), validated once.
import { DEFAULT_FLINK_VERSION, SUPPORTED_FLINK_VERSIONS } from '../platforms/deployment-spec.ts';
import { BadInputError } from './errors.ts';
import type { ProviderSettings } from '../clusters/index.ts';

export const PLATFORMS = ['docker', 'kubernetes'] as const;
export type PlatformName = (typeof PLATFORMS)[number];

/** FRH_PLATFORM (default docker). */
export function platformName(env = process.env): PlatformName {
  const name = env.FRH_PLATFORM ?? 'docker';
  if (!(PLATFORMS as readonly string[]).includes(name)) throw new BadInputError(`FRH_PLATFORM=${name} is not one of ${PLATFORMS.join(', ')}`);
  return name as PlatformName;
}

/** Which cluster the Kubernetes platform uses: FRH_CLUSTER_PROVIDER (default local), FRH_CLUSTER_NAME, FRH_KUBECONFIG, FRH_KUBE_CONTEXT. */
export function clusterSettings(env = process.env): ProviderSettings {
  return {
    provider: env.FRH_CLUSTER_PROVIDER ?? 'local',
    ...(env.FRH_CLUSTER_NAME ? { name: env.FRH_CLUSTER_NAME } : {}),
    ...(env.FRH_KUBECONFIG ? { kubeconfig: env.FRH_KUBECONFIG } : {}),
    ...(env.FRH_KUBE_CONTEXT ? { context: env.FRH_KUBE_CONTEXT } : {}),
  };
}

/** FRH_FLINK_VERSIONS, comma-separated (default: the default version only). */
export function flinkVersions(env = process.env): string[] {
  const versions = (env.FRH_FLINK_VERSIONS ?? DEFAULT_FLINK_VERSION).split(',').map((v) => v.trim()).filter(Boolean);
  for (const version of versions) {
    if (!/^\d+\.\d+\.\d+$/.test(version)) throw new BadInputError(`FRH_FLINK_VERSIONS: "${version}" is not a Flink version like ${DEFAULT_FLINK_VERSION}`);
    if (!env.FRH_ALLOW_UNLISTED_VERSIONS && !(SUPPORTED_FLINK_VERSIONS as readonly string[]).includes(version)) {
      throw new BadInputError(`Flink ${version} has no image recipe; supported: ${SUPPORTED_FLINK_VERSIONS.join(', ')}`);
    }
  }
  return versions;
}

/** FRH_RUN_ID, or a new sortable id. Lower-case, safe in container names. */
export function runIdFrom(env = process.env): string {
  const given = env.FRH_RUN_ID;
  if (given) {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(given)) throw new BadInputError(`FRH_RUN_ID=${given}: use 1-40 characters of a-z, 0-9 and -`);
    return given;
  }
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15).toLowerCase();
}
