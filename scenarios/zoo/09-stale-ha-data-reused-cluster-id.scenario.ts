// Zoo 9: a deployment is deleted (pods killed, job never ended), and a fresh one is created under
// the same cluster-id. Its HA data stayed behind, so the "fresh" job silently resumes the old
// job's newest checkpoint instead of starting empty.
import { scenario } from '../../harness/scenario/vitest.ts';
import { deleteDeployment } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-stale-ha-reused-cluster-id',
  title: 'Stale HA data under a reused cluster-id: a fresh deployment restores the deleted deployment’s checkpoint',
  deployment: { clusterId: 'orders' },
  versions: 'first',
  strategy: 'NONE',
  fault: deleteDeployment(),
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'checkpoint' },
});
