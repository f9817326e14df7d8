// Every scenario, built-in and given: what `frh list` shows. Built-in scenario files are imported
// with scenario() collecting (no vitest); the abilities a scenario needs are read from its own
// fault's check() against deployments that lack one ability each, and from its steps' names.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MissingAbilityError, type Fault } from '../faults/fault.ts';
import type { Deployment } from '../platforms/platform.ts';
import type { ScenarioDefinition } from './definition.ts';
import type { PlatformName } from './environment.ts';
import { collectScenarios } from './catalog-collector.ts';
import { PLATFORM_SCENARIO_FOLDERS } from '../platforms/registry.ts';
import { DEFAULT_PLATFORMS } from './vitest.ts';
import { loadScenarioFiles } from './yaml.ts';

/** The folders of the built-in scenarios (vitest.config.ts): the core, Kubernetes-only, Operator, the zoo, the user-job, the known-bug and the Flink-upgrade ones. */
export const BUILT_IN_FOLDERS: readonly string[] = ['scenarios', ...PLATFORM_SCENARIO_FOLDERS, 'scenarios/zoo', 'scenarios/user-job', 'scenarios/known-bugs', 'scenarios/flink-upgrades'];

/** The optional abilities of a platform (harness/platforms/platform.ts) and the methods that make them. */
export const ABILITIES = {
  'kill-taskmanager': ['killTaskManager'],
  'kill-jobmanager': ['killJobManager', 'replaceJobManager'],
  freeze: ['freeze', 'thaw'],
  'delete-ha-metadata': ['deleteHaMetadata'],
  'interrupt-storage': ['stopStorage', 'startStorage'],
  'reconcile-job-spec': ['suspend', 'upgrade', 'triggerSavepoint', 'killController'],
} as const satisfies Record<string, readonly string[]>;
export type Ability = keyof typeof ABILITIES;

/** Steps that need an ability check it only when they run; their names say which. */
const STEP_ABILITIES: Record<string, Ability> = {
  'storage-outage-until-checkpoint-fails': 'interrupt-storage',
  'savepoint-through-platform': 'reconcile-job-spec',
};

/** A deployment with every ability except `missing`, for a fault's check() to judge. */
function deploymentWithout(missing: Ability): Deployment {
  const fake: Record<string, unknown> = { platform: `a platform without ${missing}` };
  for (const [ability, methods] of Object.entries(ABILITIES)) {
    if (ability !== missing) for (const method of methods) fake[method] = async () => undefined;
  }
  return fake as unknown as Deployment;
}

function faultNeeds(fault: Fault, ability: Ability): boolean {
  try {
    fault.check(deploymentWithout(ability));
    return false;
  } catch (error) {
    return error instanceof MissingAbilityError;
  }
}

/** The abilities a platform needs to run `definition`, in ABILITIES order. */
export function abilitiesNeeded(definition: ScenarioDefinition): Ability[] {
  const fromSteps = new Set((definition.before ?? []).map((step) => STEP_ABILITIES[step.name]).filter((a): a is Ability => a !== undefined));
  return (Object.keys(ABILITIES) as Ability[]).filter((ability) => fromSteps.has(ability) || faultNeeds(definition.fault, ability));
}

export interface CatalogEntry {
  id: string;
  title: string;
  origin: 'built-in' | 'given';
  /** Relative to the repository for built-in scenarios, as given otherwise. */
  file: string;
  platforms: PlatformName[];
  versions: 'all' | 'first';
  strategy: string;
  steps: string[];
  fault: string;
  abilities: Ability[];
  expect: ScenarioDefinition['expect'];
}

export function catalogEntry(definition: ScenarioDefinition, file: string, origin: CatalogEntry['origin']): CatalogEntry {
  return {
    id: definition.id,
    title: definition.title,
    origin,
    file,
    platforms: [...(definition.platforms ?? DEFAULT_PLATFORMS)],
    versions: definition.versions ?? 'all',
    strategy: definition.strategy,
    steps: (definition.before ?? []).map((step) => step.name),
    fault: definition.fault.name,
    abilities: abilitiesNeeded(definition),
    expect: definition.expect,
  };
}

/** The built-in scenario files, relative to `root`, in folder then name order. */
export function builtInScenarioFiles(root: string): string[] {
  return BUILT_IN_FOLDERS.flatMap((folder) => {
    try {
      return readdirSync(join(root, folder)).filter((f) => f.endsWith('.scenario.ts')).sort().map((f) => `${folder}/${f}`);
    } catch {
      return [];
    }
  });
}

let builtIns: Promise<Array<{ file: string; definition: ScenarioDefinition }>> | undefined;

/**
 * The built-in scenarios' definitions, read by importing their files with scenario() collecting.
 * A module runs once per process, so this is read once and kept.
 */
export function builtInScenarios(root: string): Promise<Array<{ file: string; definition: ScenarioDefinition }>> {
  builtIns ??= (async () => {
    const found: Array<{ file: string; definition: ScenarioDefinition }> = [];
    for (const file of builtInScenarioFiles(root)) {
      const definitions = await collectScenarios(() => import(pathToFileURL(resolve(root, file)).href));
      for (const definition of definitions) found.push({ file, definition });
    }
    return found;
  })();
  return builtIns;
}

/** Every built-in scenario, then the given YAML files (validated: a bad file is a BadInputError). */
export async function catalog(root: string, yamlFiles: readonly string[] = []): Promise<CatalogEntry[]> {
  const given = loadScenarioFiles(yamlFiles).map(({ file, definition }) => catalogEntry(definition, file, 'given'));
  const builtIn = (await builtInScenarios(root)).map(({ file, definition }) => catalogEntry(definition, relative(root, resolve(root, file)), 'built-in'));
  return [...builtIn, ...given];
}
