// ./run mutation's last line: Stryker's score, killed and timed-out mutants over the valid ones.
import { describe, expect, it } from 'vitest';
import { combineScores, formatScore, mutationScore } from '../../../scripts/mutation-score.ts';

const at = (line: number) => ({ start: { line, column: 3 }, end: { line, column: 9 } });

describe('mutationScore', () => {
  it('counts killed and timeout as detected, survived and no coverage as not, and leaves out the rest', () => {
    const score = mutationScore({
      files: {
        'harness/judge/verdict.ts': {
          mutants: [
            { status: 'Killed', mutatorName: 'StringLiteral', location: at(1) },
            { status: 'Timeout', mutatorName: 'BlockStatement', location: at(2) },
            { status: 'Survived', mutatorName: 'ConditionalExpression', replacement: 'true', location: at(3) },
            { status: 'CompileError', mutatorName: 'StringLiteral', location: at(4) },
            { status: 'RuntimeError', mutatorName: 'StringLiteral', location: at(5) },
            { status: 'Ignored', mutatorName: 'StringLiteral', location: at(6) },
          ],
        },
        'harness/judge/judge.ts': {
          mutants: [
            { status: 'Killed', mutatorName: 'EqualityOperator', location: at(7) },
            { status: 'NoCoverage', mutatorName: 'ArrowFunction', replacement: '() =>\n  undefined', location: at(8) },
          ],
        },
      },
    });
    expect(score).toEqual({
      detected: 3,
      undetected: 2,
      survivors: [
        'harness/judge/verdict.ts:3:3 Survived ConditionalExpression → true',
        'harness/judge/judge.ts:8:3 NoCoverage ArrowFunction → () => undefined',
      ],
    });
    expect(formatScore(score)).toBe('60%');
  });

  it('rounds to two decimals as Stryker does', () => {
    expect(formatScore({ detected: 2, undetected: 1, survivors: [] })).toBe('66.67%');
    expect(formatScore({ detected: 1, undetected: 0, survivors: [] })).toBe('100%');
  });
});

describe('combineScores', () => {
  it('adds up the parts, so the overall score weighs each mutant once, not each part', () => {
    const oracle = { detected: 9, undetected: 1, survivors: ['harness/oracle/expect.ts:1:1 Survived X'] };
    const judge = { detected: 1, undetected: 1, survivors: ['harness/judge/judge.ts:2:2 NoCoverage Y'] };
    const total = combineScores([oracle, judge]);
    expect(total).toEqual({ detected: 10, undetected: 2, survivors: [...oracle.survivors, ...judge.survivors] });
    expect(formatScore(total)).toBe('83.33%');
  });
});
