// runCommand feeds its input to commands that may exit without reading it; a broken pipe must not
// become an uncaught error that fails the whole run (it once failed a passing scenario).
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../harness/clusters/cluster.ts';

describe('runCommand', () => {
  it('reports the exit code of a command that exits without reading its input', async () => {
    const input = 'x'.repeat(8 * 1024 * 1024);
    expect((await runCommand('true', [], { input })).code).toBe(0);
    expect((await runCommand('false', [], { input })).code).toBe(1);
  });

  it('passes its input to a command that reads it', async () => {
    expect((await runCommand('wc', ['-c'], { input: 'abc' })).stdout.trim()).toBe('3');
  });
});
