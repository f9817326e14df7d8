// The judge decides, the report only writes, the scenario runs: the judge never reads how results
// are written, and the report never reaches back into the runner (they imported each other once).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const HARNESS = resolve(import.meta.dirname, '../../../harness');

/** Every TypeScript file under a folder of the harness, with the harness folder each of its relative imports lands in. */
function importsOf(folder: string): Array<{ file: string; target: string }> {
  const root = join(HARNESS, folder);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => {
      const file = join(root, name);
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
      return specifiers.map((specifier) => ({ file: relative(HARNESS, file), target: relative(HARNESS, resolve(dirname(file), specifier)) }));
    });
}

const into = (folder: string) => ({ target }: { target: string }): boolean => target === folder || target.startsWith(`${folder}/`);

describe('import boundaries', () => {
  it('finds the imports it scans (the scan itself works)', () => {
    expect(importsOf('report').some(into('judge'))).toBe(true);
    expect(importsOf('judge').some(into('oracle'))).toBe(true);
  });

  it('no file under harness/report imports from harness/scenario', () => {
    expect(importsOf('report').filter(into('scenario'))).toEqual([]);
  });

  it('the judge does not import the report', () => {
    expect(importsOf('judge').filter(into('report'))).toEqual([]);
  });
});
