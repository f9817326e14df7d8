// Scenario settings from the environment (set by the CLI or by the user), validated once.
import { DEFAULT_FLINK_VERSION, SUPPORTED_FLINK_VERSIONS } from '../platforms/deployment-spec.ts';
import { DEFAULT_PLATFORM, PLATFORM_NAMES, platformDescriptor } from '../platforms/registry.ts';
import { settingError } from '../support/errors.ts';

/** The platforms' names (harness/platforms/registry.ts). */
export const PLATFORMS = PLATFORM_NAMES;
/** A name from PLATFORMS (platformName validates what a user gave). */
export type PlatformName = string;

/** Platforms that run on a Kubernetes cluster (a provider brings it up; namespaces are swept). */
export function onKubernetes(platform: PlatformName): boolean {
  return platformDescriptor(platform).runsOn === 'kubernetes-cluster';
}

/** The Flink version a platform runs when FRH_FLINK_VERSIONS is not set. */
export function defaultFlinkVersionOf(platform: PlatformName): string {
  return platformDescriptor(platform).defaultFlinkVersion;
}

// Each reader takes the name the user gave the setting under (a flag such as `--platform`, or the
// variable by default), so a complaint quotes what they typed.

/** FRH_PLATFORM (default: the registry's first). */
export function platformName(env = process.env, name = 'FRH_PLATFORM'): PlatformName {
  const platform = env.FRH_PLATFORM ?? DEFAULT_PLATFORM.name;
  if (!(PLATFORMS as readonly string[]).includes(platform)) throw settingError(name, platform, `not one of ${PLATFORMS.join(', ')}`);
  return platform as PlatformName;
}

export { clusterSettings } from '../clusters/index.ts';

/** FRH_FLINK_VERSIONS, comma-separated (default: the default version only). */
export function flinkVersions(env = process.env, name = 'FRH_FLINK_VERSIONS'): string[] {
  const given = env.FRH_FLINK_VERSIONS ?? defaultFlinkVersionOf(PLATFORMS.find((p) => p === env.FRH_PLATFORM) ?? DEFAULT_PLATFORM.name);
  const versions = given.split(',').map((v) => v.trim()).filter(Boolean);
  if (versions.length === 0) throw settingError(name, given, `names no Flink version; supported: ${SUPPORTED_FLINK_VERSIONS.join(', ')}`);
  for (const version of versions) {
    if (!/^\d+\.\d+\.\d+$/.test(version)) throw settingError(name, given, `"${version}" is not a Flink version like ${DEFAULT_FLINK_VERSION}`);
    if (!env.FRH_ALLOW_UNLISTED_VERSIONS && !(SUPPORTED_FLINK_VERSIONS as readonly string[]).includes(version)) {
      throw settingError(name, given, `Flink ${version} has no image recipe; supported: ${SUPPORTED_FLINK_VERSIONS.join(', ')}`);
    }
  }
  return versions;
}

/** FRH_RUN_ID, or a new sortable id. Lower-case, safe in container names. */
export function runIdFrom(env = process.env, name = 'FRH_RUN_ID'): string {
  const given = env.FRH_RUN_ID;
  if (given) {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(given)) throw settingError(name, given, 'use 1-40 characters of a-z, 0-9 and -');
    return given;
  }
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15).toLowerCase();
}

/**
 * FRH_KEEP (set by `--keep`): leave the deployment of a scenario that did not end as intended up for
 * a person, until `frh sweep`. 1/true or 0/false; default off.
 */
export function keepFailingDeployments(env = process.env, name = 'FRH_KEEP'): boolean {
  const given = env.FRH_KEEP?.trim().toLowerCase();
  if (given === undefined || given === '' || given === '0' || given === 'false') return false;
  if (given === '1' || given === 'true') return true;
  throw settingError(name, env.FRH_KEEP ?? '', 'give 1 (keep the deployment of a scenario that did not end as intended) or 0');
}

/** How often each selected scenario runs, each time deployed afresh and judged alone: FRH_REPEAT (set by `--repeat N`), 1 to 100; default 1. */
export function suiteRepeats(env: NodeJS.ProcessEnv = process.env, name = 'FRH_REPEAT'): number {
  const given = env.FRH_REPEAT;
  if (given === undefined) return 1;
  const value = Number(given.trim());
  if (!/^\d+$/.test(given.trim()) || value < 1 || value > 100) {
    throw settingError(name, given, 'give how many times each scenario runs, a whole number from 1 to 100');
  }
  return value;
}
