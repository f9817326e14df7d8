import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../../harness/cli/options.ts';
import { COMMAND_FLAGS, historyRequest, reportFolderToRender } from '../../../harness/cli/validate.ts';
import { BadInputError } from '../../../harness/support/errors.ts';

const args = (...argv: string[]) => parseArgs(['report', ...argv], COMMAND_FLAGS.report!);

describe('frh report arguments', () => {
  const root = mkdtempSync(join(tmpdir(), 'frh-report-args-'));
  mkdirSync(join(root, 'latest'));
  const env = { FRH_REPORT_DIR: root };

  it('renders reports/latest by default; --history reads the report root, or the roots given, the last 30 runs or --runs N', () => {
    expect(reportFolderToRender(args(), env)).toBe(join(root, 'latest'));
    expect(historyRequest(args('--history'), env)).toEqual({ folders: [root], runs: 30 });
    expect(historyRequest(args('--history', join(root, 'latest'), root, '--runs', '200'), env)).toEqual({ folders: [join(root, 'latest'), root], runs: 200 });
  });

  it('refuses a missing folder, two folders and unknown options in one line', () => {
    expect(() => reportFolderToRender(args(join(root, 'nope')), env)).toThrow(BadInputError);
    expect(() => reportFolderToRender(args(join(root, 'nope')), env)).toThrow(/no such folder \(give reports\/<run>\)$/);
    expect(() => reportFolderToRender(args(root, root), env)).toThrow('report takes one run folder, not 2');
    expect(() => args('--since', 'x')).toThrow(/unknown option --since for "report" \(known: --history, --runs\)/);
  });
});
