// Reads Stryker's JSON reports, one per part of `./run mutation` (reports/mutation/oracle.json,
// checks.json, judge.json), and prints the mutants that survived or ran without a test, then each
// part's score, then the score over all parts as the last line, e.g. "mutation score: 91.3%". The
// score is Stryker's: detected (killed, timeout) over valid mutants (detected, survived, no
// coverage); mutants that did not compile or failed at runtime, and ignored ones, do not count.
// A part without a report (not run, or Stryker did not finish) is named, and the last line says the
// score covers the other parts only. Exit 1 when no report holds a valid mutant.
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

/** The parts' scores added up. */
export function combineScores(scores: readonly MutationScore[]): MutationScore {
  return {
    detected: scores.reduce((sum, s) => sum + s.detected, 0),
    undetected: scores.reduce((sum, s) => sum + s.undetected, 0),
    survivors: scores.flatMap((s) => s.survivors),
  };
}

const describePart = (score: MutationScore): string =>
  score.detected + score.undetected === 0 ? 'no valid mutant' : `${formatScore(score)} (${score.detected} of ${score.detected + score.undetected} detected)`;

if (import.meta.main) {
  const parts = process.argv.length > 2 ? process.argv.slice(2) : ['oracle', 'checks', 'judge'];
  const scores = new Map<string, MutationScore>();
  const missing: string[] = [];
  for (const part of parts) {
    const file = part.endsWith('.json') ? part : `reports/mutation/${part}.json`;
    if (existsSync(file)) scores.set(part, mutationScore(JSON.parse(readFileSync(file, 'utf8')) as Report));
    else missing.push(part);
  }
  const total = combineScores([...scores.values()]);
  for (const survivor of total.survivors) process.stdout.write(`survived: ${survivor}\n`);
  for (const [part, score] of scores) process.stdout.write(`${part}: ${describePart(score)}\n`);
  for (const part of missing) process.stdout.write(`${part}: no report (not run, or Stryker did not finish)\n`);
  if (total.detected + total.undetected === 0) {
    process.stdout.write('mutation score: none (no valid mutant)\n');
    process.exit(1);
  }
  const scope = missing.length > 0 ? ` (${[...scores.keys()].join(', ')} only)` : '';
  process.stdout.write(`mutation score: ${formatScore(total)}${scope}\n`);
}
