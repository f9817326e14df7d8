// Reads Stryker's JSON report (reports/mutation/mutation.json) and prints the mutants that survived
// or ran without a test, then the score as the last line, e.g. "mutation score: 91.3%". The score
// is Stryker's: detected (killed, timeout) over valid mutants (detected, survived, no coverage);
// mutants that did not compile or failed at runtime, and ignored ones, do not count.
// Exit 1 when the report is missing or unreadable, or holds no valid mutant.
import { existsSync, readFileSync } from 'node:fs';

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}
interface Report { files: Record<string, { mutants: Mutant[] }> }

export interface MutationScore {
  detected: number;
  undetected: number;
  /** Survived and no-coverage mutants, as "file:line:column mutator → replacement". */
  survivors: string[];
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

export function mutationScore(report: Report): MutationScore {
  const score: MutationScore = { detected: 0, undetected: 0, survivors: [] };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      if (DETECTED.has(mutant.status)) score.detected++;
      else if (UNDETECTED.has(mutant.status)) {
        score.undetected++;
        const { line, column } = mutant.location.start;
        score.survivors.push(`${file}:${line}:${column} ${mutant.status} ${mutant.mutatorName}${mutant.replacement === undefined ? '' : ` → ${mutant.replacement.replace(/\s+/g, ' ')}`}`);
      }
    }
  }
  return score;
}

/** The score in percent, as Stryker rounds it in its reports (two decimals, trailing zeros dropped). */
export function formatScore({ detected, undetected }: MutationScore): string {
  return `${Number(((detected / (detected + undetected)) * 100).toFixed(2))}%`;
}

if (import.meta.main) {
  const file = process.argv[2] ?? 'reports/mutation/mutation.json';
  if (!existsSync(file)) {
    process.stderr.write(`mutation-score: ${file} is missing (Stryker did not finish)\n`);
    process.exit(1);
  }
  const score = mutationScore(JSON.parse(readFileSync(file, 'utf8')) as Report);
  for (const survivor of score.survivors) process.stdout.write(`survived: ${survivor}\n`);
  if (score.detected + score.undetected === 0) {
    process.stdout.write('mutation score: none (no valid mutant)\n');
    process.exit(1);
  }
  process.stdout.write(`mutation score: ${formatScore(score)}\n`);
}
