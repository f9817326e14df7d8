// What a scenario's result stands for (harness/judge/verdict.ts), case by case; written for the
// mutants `./run mutation` found that the report tests did not kill.
import { describe, expect, it } from 'vitest';
import { shortfallOf } from '../../../harness/judge/verdict.ts';

describe('shortfallOf', () => {
  it('an empty list of failed assertions is no failed assertion: the intended verdict stands', () => {
    expect(shortfallOf({ verdict: 'PASS', expectedVerdict: 'PASS', assertionFailures: [] })).toBeUndefined();
    expect(shortfallOf({ verdict: 'STATE_LOSS', expectedVerdict: 'STATE_LOSS', assertionFailures: [] })).toBeUndefined();
    expect(shortfallOf({ verdict: 'PASS', expectedVerdict: 'PASS' })).toBeUndefined();
  });

  it('one failed assertion under the intended verdict stands for INFRA_ERROR', () => {
    expect(shortfallOf({ verdict: 'PASS', expectedVerdict: 'PASS', assertionFailures: ['restored.id: expected 5, got 4'] })).toBe('INFRA_ERROR');
  });
});
