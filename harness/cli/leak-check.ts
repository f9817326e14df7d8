// `frh leak-check [FOLDER]`: proves a finished run's report carries no MinIO credential and nothing
// the redaction would hide (reports are shared, attached to CI runs, pasted into issues). Exit 0
// clean, 1 a credential found.
import { relative } from 'node:path';
import { filesUnder, leakedCredentials } from '../report/redact.ts';

export function runLeakCheck(folder: string): number {
  const shown = relative(process.cwd(), folder) || '.';
  const leaks = leakedCredentials(folder);
  for (const leak of leaks) process.stdout.write(`${shown}/${leak.file}: ${leak.credential}\n`);
  if (leaks.length > 0) return 1;
  process.stdout.write(`${shown}: no MinIO credential or other secret in ${filesUnder(folder).length} file(s)\n`);
  return 0;
}
