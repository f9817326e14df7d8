// The README's table of platforms is the registry's, as scripts/platform-table.ts prints it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformTable } from '../../../scripts/platform-table.ts';

describe('the README\'s platform table', () => {
  it('is what the registry says (regenerate: node scripts/platform-table.ts)', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const lines = readme.split('\n');
    const start = lines.findIndex((line) => line.startsWith('| platform |'));
    expect(start).toBeGreaterThanOrEqual(0);
    const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
    expect(lines.slice(start, end).join('\n')).toBe(platformTable());
  });
});
