import { describe, expect, it } from 'vitest';
import { defaultSuiteParallelism } from '../../../harness/cli/options.ts';

const GiB = 1024 ** 3;

describe('how many scenarios frh suite runs at once without --parallel', () => {
  it.each<[string, string, number, number, number]>([
    ['Docker, 2 cores, 23 GiB (this project\'s machine)', 'docker', 2, 23 * GiB, 2],
    ['Docker, 16 cores: still two, the verdicts were measured at two', 'docker', 16, 64 * GiB, 2],
    ['Docker, 1 core', 'docker', 1, 23 * GiB, 1],
    ['Docker, 8 GiB: no room for two scenarios and the machine', 'docker', 4, 8 * GiB, 1],
    ['Kubernetes: the nodes\' room is not the harness\'s to see', 'kubernetes', 8, 64 * GiB, 1],
    ['Operator', 'operator', 8, 64 * GiB, 1],
  ])('%s', (_case, platform, cores, memory, expected) => {
    expect(defaultSuiteParallelism(platform, cores, memory)).toBe(expected);
  });
});
