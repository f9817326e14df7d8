// BROKEN ON PURPOSE. Resume policies with the defects real platforms and deploy scripts have had,
// kept apart from the reference policy so no reader mistakes one for the other. The zoo and the
// proofs use them to show that the judge catches each wrong choice; nothing else may.
import { lineageSnapshots, newestInLineage, toRestorePoint, type LineageSnapshot } from './latest-state.ts';
import type { RestorePoint } from '../../oracle/snapshot.ts';
import type { ResumeDecider } from './resume.ts';

export type SeededResumeDefect = 'second-newest' | 'lexicographic' | 'savepoint-blind' | 'oldest-savepoint';

/** Skips the newest snapshot and takes the one before it. */
export function secondNewest(lineage: LineageSnapshot[]): RestorePoint {
  return toRestorePoint([...lineage].sort(newestInLineage)[1]);
}

/** Orders snapshot paths as text, so chk-9 beats chk-10. */
export function lexicographic(lineage: LineageSnapshot[]): RestorePoint {
  return toRestorePoint([...lineage].sort((a, b) => (a.path < b.path ? 1 : a.path > b.path ? -1 : 0))[0]);
}

/** Never looks at savepoints. */
export function savepointBlind(lineage: LineageSnapshot[]): RestorePoint {
  return toRestorePoint(lineage.filter((s) => s.kind === 'checkpoint').sort(newestInLineage)[0]);
}

/** Always goes back to the first savepoint ever taken (the "initial" one). */
export function oldestSavepoint(lineage: LineageSnapshot[]): RestorePoint {
  return toRestorePoint(lineage.filter((s) => s.kind === 'savepoint').sort(newestInLineage).at(-1));
}

const seeded = (name: SeededResumeDefect, pick: (lineage: LineageSnapshot[]) => RestorePoint): ResumeDecider => ({
  describe: `seeded defect "${name}" (broken on purpose)`,
  choose: async (context) => pick(await lineageSnapshots(context)),
});

export const SEEDED_RESUME_DEFECTS: Record<SeededResumeDefect, ResumeDecider> = {
  'second-newest': seeded('second-newest', secondNewest),
  lexicographic: seeded('lexicographic', lexicographic),
  'savepoint-blind': seeded('savepoint-blind', savepointBlind),
  'oldest-savepoint': seeded('oldest-savepoint', oldestSavepoint),
};
