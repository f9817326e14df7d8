// The JobManager pod is deleted; its Deployment starts a new pod that recovers the same job from
// Kubernetes HA. The HA store's newest checkpoint at the fault is a second witness.
import { scenario } from '../../harness/scenario/vitest.ts';
import { replaceJobManager } from '../../harness/faults/index.ts';
import { haWitnessAgreed } from '../witnesses.ts';

scenario({
  id: 'k8s-jobmanager-pod-deleted',
  title: 'JobManager pod deleted → the Deployment recreates it; same job id, restores the newest checkpoint',
  platforms: ['kubernetes', 'operator'],
  strategy: 'FAILOVER',
  fault: replaceJobManager(),
  alsoShows: [haWitnessAgreed],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
