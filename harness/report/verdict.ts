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
