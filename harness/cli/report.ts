// `frh report [RUN_DIR]`: (re)writes a run's HTML report (index.html and a page per scenario) from
// its scenario files; `frh report --history [REPORTS ...] [--runs N]`: each scenario's verdicts over the
// last runs of one or more report roots.
import { realpathSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadRun } from '../report/results.ts';
import { writeHtmlReport } from '../report/html-writer.ts';
import { buildHistory, formatHistory, loadHistoryOfFolders } from '../report/history.ts';
import { BadInputError } from '../support/errors.ts';

export function runHistory(folders: readonly string[], limit: number): number {
  const runs = loadHistoryOfFolders(folders, limit);
  if (runs.length === 0) throw new BadInputError(`report folder ${folders.join(', ')}: no runs in it (give the folder that holds reports/<run>, e.g. reports/)`);
  process.stdout.write(`${formatHistory(buildHistory(runs))}\n`);
  return 0;
}

export function runReport(folder: string): number {
  const runDir = realpathSync(folder);
  const run = loadRun(dirname(runDir), basename(runDir));
  if (!run) throw new BadInputError(`report folder ${folder}: no scenarios/*.json in it (give reports/<run>)`);
  const { index, pages } = writeHtmlReport(dirname(runDir), run);
  process.stdout.write(`${relative(process.cwd(), index) || index}: ${run.results.length} scenario(s), ${pages.length} page(s); open ${pathToFileURL(resolve(index)).href}\n`);
  return 0;
}
