// The registry is what the house knows of platforms: each entry is a folder of its own, and what the
// CLI, the runs and the reports derive from it holds together.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLATFORM, DEFAULT_SCENARIO_PLATFORMS, PLATFORMS, PLATFORM_SCENARIO_FOLDERS, cleanupsOf, platformDescriptor, vitestProjectOf } from '../../../harness/platforms/registry.ts';
import { RESTORE_STRATEGIES } from '../../../harness/oracle/snapshot.ts';

const ROOT = join(import.meta.dirname, '../../..');

describe('the platform registry', () => {
  it('lists each platform once, each with its own folder and descriptor, the default first', () => {
    const names = PLATFORMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(existsSync(join(ROOT, 'harness/platforms', name, 'descriptor.ts')), name).toBe(true);
    expect(DEFAULT_PLATFORM).toBe(PLATFORMS[0]);
    expect(() => platformDescriptor('nowhere')).toThrow(/no platform "nowhere" in harness\/platforms\/registry.ts/);
  });

  it('derives the default scenario platforms, the scenario folders and the vitest projects from the descriptors', () => {
    expect(DEFAULT_SCENARIO_PLATFORMS).toEqual(PLATFORMS.filter((p) => p.runsUnnamedScenarios).map((p) => p.name));
    for (const folder of PLATFORM_SCENARIO_FOLDERS) expect(existsSync(join(ROOT, folder)), folder).toBe(true);
    for (const platform of PLATFORMS) expect(vitestProjectOf(platform.name)).toBe(platform.vitestProject?.name ?? 'scenarios');
  });

  it('sweeps what every run sweeps first, then the platform\'s own, each once', () => {
    for (const platform of PLATFORMS) {
      const cleanups = cleanupsOf(platform.name);
      expect(cleanups.at(-1)).toBe(platform);
      expect(new Set(cleanups).size).toBe(cleanups.length);
      expect(cleanups.slice(0, -1).every((p) => p.cleanup.sweptByEveryRun)).toBe(true);
      expect(PLATFORMS.filter((p) => p.cleanup.sweptByEveryRun).every((p) => cleanups.includes(p))).toBe(true);
    }
  });

  it('states restore semantics the oracle knows, and each option once', () => {
    for (const platform of PLATFORMS) {
      for (const strategy of Object.values(platform.restoreSemantics ?? {})) expect(RESTORE_STRATEGIES).toContain(strategy);
    }
    const flags = PLATFORMS.flatMap((p) => p.options.map((o) => o.flag));
    expect(new Set(flags).size).toBe(flags.length);
  });
});
