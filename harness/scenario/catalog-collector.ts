// While `frh list` imports scenario files to catalogue them, scenario() hands each definition here
// instead of registering a vitest test. Nothing else sets it: under vitest it is always unset.
import type { ScenarioDefinition } from './definition.ts';

let collector: ((definition: ScenarioDefinition) => void) | undefined;

/** The collector while a catalogue is being read, else undefined. */
export function scenarioCollector(): ((definition: ScenarioDefinition) => void) | undefined {
  return collector;
}

/** Runs `load` (which imports scenario files) with every scenario() call collected, and returns them. */
export async function collectScenarios(load: () => Promise<unknown>): Promise<ScenarioDefinition[]> {
  if (collector) throw new Error('collectScenarios is already collecting');
  const collected: ScenarioDefinition[] = [];
  collector = (definition) => void collected.push(definition);
  try {
    await load();
  } finally {
    collector = undefined;
  }
  return collected;
}
