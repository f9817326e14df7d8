// Every platform the harness deploys on: one descriptor per folder of harness/platforms/. Adding a
// platform is its folder and one line here (README, "Adding a platform"); the first is the default.
import type { PlatformDescriptor } from './descriptor.ts';
import type { ProviderSettings } from '../clusters/index.ts';
import { dockerPlatform } from './docker/descriptor.ts';
import { kubernetesPlatform } from './kubernetes/descriptor.ts';
import { operatorPlatform } from './operator/descriptor.ts';
import { pipelinePlatform } from './pipeline/descriptor.ts';

export const PLATFORMS: readonly PlatformDescriptor[] = [dockerPlatform, kubernetesPlatform, operatorPlatform, pipelinePlatform];

export const PLATFORM_NAMES: readonly string[] = PLATFORMS.map((p) => p.name);

/** The platform when none is named (FRH_PLATFORM, --platform). */
export const DEFAULT_PLATFORM: PlatformDescriptor = PLATFORMS[0]!;

/** The descriptor of a platform name already validated (scenario/environment.ts: platformName). */
export function platformDescriptor(name: string): PlatformDescriptor {
  const found = PLATFORMS.find((p) => p.name === name);
  if (!found) throw new Error(`no platform "${name}" in harness/platforms/registry.ts (known: ${PLATFORM_NAMES.join(', ')})`);
  return found;
}

/** Where a scenario runs unless it names its platforms. */
export const DEFAULT_SCENARIO_PLATFORMS: readonly string[] = PLATFORMS.filter((p) => p.runsUnnamedScenarios).map((p) => p.name);

/** images/build.sh's names of the images a suite on `platform` with these Flink versions runs (parents are built as dependencies). */
export function imagesNeeded(platform: string, flinkVersions: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return platformDescriptor(platform).imagesNeeded(flinkVersions, env);
}

/** The cleanups a run on `platform` does: what every run sweeps, then the platform's own. */
export function cleanupsOf(platform: string): PlatformDescriptor[] {
  const own = platformDescriptor(platform);
  return [...PLATFORMS.filter((p) => p.cleanup.sweptByEveryRun && p !== own), own];
}

/** The scenarios/ folders whose scenarios run on one platform only, in the registry's order. */
export const PLATFORM_SCENARIO_FOLDERS: readonly string[] = PLATFORMS.flatMap((p) => p.ownScenarioFolder ?? []);

/** The vitest project that runs scenarios on `platform` (vitest.config.ts), `scenarios` unless it has its own. */
export function vitestProjectOf(platform: string): string {
  return PLATFORMS.find((p) => p.name === platform)?.vitestProject?.name ?? 'scenarios';
}

/** The `frh sweep` that removes what run `runId` kept on `platform`, with the flags that reach it (a cluster's). */
export function sweepCommand(runId: string, platform: string, cluster: ProviderSettings = {}): string {
  return ['frh', 'sweep', '--run', runId, ...platformDescriptor(platform).cleanup.sweepFlags(cluster)].join(' ');
}

/** Options only some platforms take (`--flink-deployment`), each with the platform that takes it. */
export const PLATFORM_OPTIONS = PLATFORMS.flatMap((platform) => platform.options.map((option) => ({ platform, option })));
