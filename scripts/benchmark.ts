#!/usr/bin/env node
// Prints where the scenarios' time goes: the median of each phase and from Flink's restore to the
// verdict. Figures, never assertions: speed is measured here, not in timed tests.
//
//   node scripts/benchmark.ts [--repeat N] [--platform P] [--before REV] [FILTER...]
//       runs the scenarios (frh suite FILTER... --repeat N) and prints the medians; with --before,
//       first runs the same scenarios at git revision REV (a temporary worktree) and prints both
//       side by side (before, after)
//   node scripts/benchmark.ts --compare RUN-A RUN-B [--report-dir DIR]
//       the medians of two existing runs side by side
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatPhaseTable, phaseMedians } from '../harness/report/benchmark.ts';
import { loadRun, scenarioKey, type ScenarioResult } from '../harness/report/results.ts';

const ROOT = resolve(import.meta.dirname, '..');

function fail(message: string): never {
  process.stderr.write(`benchmark: ${message}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parseArgs>;
try {
  parsed = parseArgs({
    options: { repeat: { type: 'string' }, platform: { type: 'string' }, before: { type: 'string' }, compare: { type: 'boolean' }, 'report-dir': { type: 'string' } },
    allowPositionals: true,
  });
} catch (error) {
  fail((error as Error).message.split('\n')[0]!);
}
const { values, positionals } = parsed;
const reportDir = resolve(String(values['report-dir'] ?? join(ROOT, 'reports')));

function resultsOf(runId: string): ScenarioResult[] {
  const run = loadRun(reportDir, runId);
  if (!run || run.results.length === 0) fail(`no scenario results for run ${runId} under ${reportDir}`);
  return run.results;
}

/** Runs the suite in `tree` (this checkout or a worktree) under `runId`; the results land in reportDir. */
function runSuite(tree: string, runId: string, filters: string[]): void {
  const args = [join(tree, 'harness/cli/main.ts'), 'suite', ...filters, '--report-dir', reportDir];
  if (values.repeat) args.push('--repeat', String(values.repeat));
  if (values.platform) args.push('--platform', String(values.platform));
  process.stderr.write(`benchmark: ${tree === ROOT ? 'this tree' : tree}: frh ${args.slice(1).join(' ')} (run ${runId})\n`);
  // A run whose scenarios miss their verdicts still has timings; the table says how many were timed.
  spawnSync(process.execPath, args, { cwd: tree, stdio: 'inherit', env: { ...process.env, FRH_RUN_ID: runId } });
}

/** A worktree of `revision` that uses this checkout's dependencies and image list. */
function worktreeAt(revision: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'frh-bench-'));
  const added = spawnSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', dir, revision], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (added.status !== 0) fail(`cannot check out ${revision}: ${added.stderr.trim().split('\n').at(-1)}`);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (existsSync(join(ROOT, 'images/.built'))) cpSync(join(ROOT, 'images/.built'), join(dir, 'images/.built'), { recursive: true });
  return dir;
}

function printTable(columns: Array<[string, ScenarioResult[]]>): void {
  process.stdout.write(`\nall scenarios\n${formatPhaseTable(columns)}\n`);
  const keys = [...new Set(columns.flatMap(([, results]) => results.map(scenarioKey)))].sort();
  for (const key of keys) {
    const per = columns.map(([label, results]) => [label, results.filter((r) => scenarioKey(r) === key)] as [string, ScenarioResult[]]);
    process.stdout.write(`\n${key}\n${formatPhaseTable(per)}\n`);
  }
  const totals = columns.map(([label, results]) => `${label}: ${results.length} scenario run(s), median ${(phaseMedians(results).total / 1000).toFixed(1)} s each`);
  process.stdout.write(`\n${totals.join('; ')}\n`);
}

if (values.compare) {
  if (positionals.length !== 2) fail('--compare takes two run ids (folders under the report dir)');
  printTable(positionals.map((runId) => [runId, resultsOf(runId)] as [string, ScenarioResult[]]));
} else {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const columns: Array<[string, ScenarioResult[]]> = [];
  if (values.before) {
    const tree = worktreeAt(String(values.before));
    try {
      runSuite(tree, `bench-before-${stamp}`, positionals);
    } finally {
      spawnSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', tree], { stdio: 'ignore' });
      rmSync(tree, { recursive: true, force: true });
    }
    columns.push([`before (${values.before})`, resultsOf(`bench-before-${stamp}`)]);
  }
  runSuite(ROOT, `bench-${stamp}`, positionals);
  columns.push([values.before ? 'after (this tree)' : `bench-${stamp}`, resultsOf(`bench-${stamp}`)]);
  printTable(columns);
}
