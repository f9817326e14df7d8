// Scenarios of one run may run at once (frh suite --parallel N): their Docker networks and container
// names must never collide, however long the run id.
import { describe, expect, it } from 'vitest';
import { dockerResourcePrefix } from '../../../harness/platforms/docker/docker-deployment.ts';

describe('dockerResourcePrefix', () => {
  it('is frh-<run>-<deployment> when that fits', () => {
    expect(dockerResourcePrefix('par-1', 'taskmanager-killed')).toBe('frh-par-1-taskmanager-killed');
    expect(dockerResourcePrefix('r', 'Odd_Name')).toBe('frh-r-odd-name');
  });

  it('keeps long names apart that differ only beyond 60 characters, and within 60', () => {
    const run = 'a'.repeat(40);
    const names = ['checkpoint-after-savepoint-then-cancel', 'checkpoint-after-savepoint-then-resume', 'zoo-no-externalized-checkpoints', 'zoo-no-externalized-checkpoints-2'];
    const prefixes = names.map((name) => dockerResourcePrefix(run, name));
    expect(new Set(prefixes).size).toBe(names.length);
    for (const prefix of prefixes) {
      expect(prefix.length).toBeLessThanOrEqual(60);
      expect(prefix).toMatch(/^frh-a{40}-[a-z0-9-]+$/);
    }
    expect(dockerResourcePrefix(run, names[0]!)).toBe(prefixes[0]);
  });
});
