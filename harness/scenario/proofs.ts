// Proof that a passing scenario could have failed: re-judge its real observation against a
// deliberately wrong expectation (an older snapshot that really existed) and demand a failing verdict.
import type { Expectation } from '../oracle/expect.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';
import { sameRestorePoint } from '../oracle/snapshot.ts';

/**
 * An expectation naming a snapshot other than every acceptable one: an older real candidate when
 * there is one, else the expected snapshot with its id shifted (a path that never existed).
 */
export function deliberatelyWrong(expectation: Expectation): Expectation {
  const isAcceptable = (point: RestorePoint): boolean => expectation.acceptable.some((ok) => sameRestorePoint(ok, point));
  const older = expectation.candidates
    .map((s): RestorePoint => ({ kind: s.kind, id: s.id, path: s.path }))
    .find((point) => !isAcceptable(point));
  const expected = expectation.expected;
  const wrong: RestorePoint = older
    ?? (expected.kind === 'none'
      ? { kind: 'checkpoint', id: 1, path: 's3://flink/checkpoints/never-existed/chk-1' }
      : { kind: expected.kind, id: expected.id + 1, path: `${expected.path}-never-existed` });
  return { ...expectation, expected: wrong, acceptable: [wrong], reasoning: [...expectation.reasoning, `deliberately wrong: expect ${wrong.kind}`] };
}
