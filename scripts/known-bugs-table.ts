// Prints the known-bugs table of a run (./run known-bugs ends with it): each publicly reported bug,
// its versions, the verdict on each and what was seen, then the repro bundle each reproduced bug
// left and the command that reproduces it again. Exit 1 when the run's results cannot be read.
//   node scripts/known-bugs-table.ts reports/<run>
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../harness/report/results.ts';
import { scenarioBaseName } from '../harness/report/html.ts';
import { knownBugRows, knownBugsMarkdown, knownBugsSummary, type BugRow } from '../harness/report/known-bugs.ts';

/** The bundle each reproduced bug's affected run left, where it exists. */
export function reproBundles(runDir: string, rows: readonly BugRow[]): Array<{ bug: string; bundle?: string }> {
  return rows.filter((row) => row.status === 'reproduced' && row.affected).map((row) => {
    const bundle = join(runDir, scenarioBaseName(row.affected!), 'bundle.tar.gz');
    return { bug: row.bug.id, ...(existsSync(bundle) ? { bundle } : {}) };
  });
}

if (import.meta.main) {
  const runDir = process.argv[2];
  const file = runDir ? join(runDir, 'results.json') : undefined;
  if (!file || !existsSync(file)) {
    process.stderr.write(`known-bugs-table: no results.json in ${runDir ?? '(no run directory given)'}\n`);
    process.exit(1);
  }
  const run = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  const rows = knownBugRows(run.results);
  process.stdout.write(`${knownBugsMarkdown(rows)}\n\n${knownBugsSummary(rows)}\n`);
  const bundles = reproBundles(runDir!, rows);
  for (const { bug, bundle } of bundles) {
    process.stdout.write(bundle ? `${bug}: bundle ${bundle} (again: ./run repro ${bundle})\n` : `${bug}: reproduced but left no bundle\n`);
  }
  process.stdout.write(`repro bundles: ${bundles.filter((b) => b.bundle).length} of ${bundles.length} reproduced bug(s)\n`);
}
