// `frh list [FILE.yaml...]`: every scenario, built-in and given, where it runs and what it needs.
import { catalog, type CatalogEntry } from '../scenario/catalog.ts';
import type { ParsedArgs } from './options.ts';
import { ROOT } from './settings.ts';

const COLUMNS: Array<[string, (e: CatalogEntry) => string]> = [
  ['ID', (e) => e.id],
  ['PLATFORMS', (e) => e.platforms.join(',')],
  ['ABILITIES', (e) => e.abilities.join(',') || '-'],
  ['FAULT', (e) => e.fault],
  ['EXPECTS', (e) => `${e.expect.verdict}${e.expect.restored ? ` ${e.expect.restored}` : ''}`],
  ['FROM', (e) => (e.origin === 'built-in' ? e.file : `${e.file} (given)`)],
  ['TITLE', (e) => e.title],
];

/** A plain table, one scenario per line, columns padded (the title last, unpadded). */
export function formatCatalog(entries: readonly CatalogEntry[]): string {
  const rows = [COLUMNS.map(([name]) => name), ...entries.map((e) => COLUMNS.map(([, cell]) => cell(e)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

export async function runList(args: ParsedArgs): Promise<number> {
  const entries = await catalog(ROOT, args.positional);
  if (args.flags.get('format') === 'json') process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else process.stdout.write(`${formatCatalog(entries)}\n`);
  return 0;
}
