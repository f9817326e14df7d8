// Verdict classes every scenario ends in, and the process exit code each maps to.

export const VERDICTS = ['PASS', 'RESTORE_MISMATCH', 'STATE_LOSS', 'NO_RESTORE', 'INFRA_ERROR', 'TIMEOUT', 'BAD_INPUT'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Exit codes of the CLI: 0 all passed, then one code per class so scripts can branch on it. */
export const EXIT_CODES: Record<Verdict, number> = {
  PASS: 0,
  RESTORE_MISMATCH: 10,
  STATE_LOSS: 11,
  NO_RESTORE: 12,
  TIMEOUT: 13,
  INFRA_ERROR: 20,
  BAD_INPUT: 2,
};

/** What a summary or an exit code needs of a scenario's result. */
export interface VerdictOutcome {
  verdict: Verdict;
  /** What the scenario intended to end in. */
  expectedVerdict: Verdict;
  /** Assertions of the scenario's test that failed although the verdict may be the intended one. */
  assertionFailures?: string[];
}

/** Unexpected verdicts, most severe first: a wrong restore anywhere outranks every infrastructure problem. */
export const SEVERITY: readonly Exclude<Verdict, 'PASS'>[] = ['RESTORE_MISMATCH', 'STATE_LOSS', 'NO_RESTORE', 'TIMEOUT', 'INFRA_ERROR', 'BAD_INPUT'];

/** Verdicts that say the harness could not judge, not that the restore was wrong. */
export function isInfrastructureVerdict(verdict: Verdict): boolean {
  return verdict === 'INFRA_ERROR' || verdict === 'TIMEOUT' || verdict === 'BAD_INPUT';
}

/**
 * The verdict class a result stands for when it is not what the scenario intended, else undefined.
 * A PASS where a failure was intended stands for that failure (the defect went unseen); failed
 * assertions under the intended verdict stand for INFRA_ERROR (the harness cannot stand behind it).
 */
export function shortfallOf(outcome: VerdictOutcome): Exclude<Verdict, 'PASS'> | undefined {
  if (outcome.verdict !== outcome.expectedVerdict) return outcome.verdict === 'PASS' ? (outcome.expectedVerdict as Exclude<Verdict, 'PASS'>) : outcome.verdict;
  return outcome.assertionFailures && outcome.assertionFailures.length > 0 ? 'INFRA_ERROR' : undefined;
}

/** The exit code of a run: that of its most severe shortfall (by SEVERITY, never by number), 0 when none. */
export function runExitCode(outcomes: readonly VerdictOutcome[]): number {
  const shortfalls = new Set(outcomes.map(shortfallOf));
  const worst = SEVERITY.find((verdict) => shortfalls.has(verdict));
  return worst ? EXIT_CODES[worst] : EXIT_CODES.PASS;
}

/** How many results ended in each verdict, in VERDICTS order, leaving out verdicts no result has. */
export function countVerdicts(outcomes: readonly Pick<VerdictOutcome, 'verdict'>[]): Array<[Verdict, number]> {
  return VERDICTS.map((verdict): [Verdict, number] => [verdict, outcomes.filter((o) => o.verdict === verdict).length]).filter(([, count]) => count > 0);
}
