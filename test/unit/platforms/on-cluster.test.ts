import { describe, expect, it } from 'vitest';
import { preparingClusterLine } from '../../../harness/platforms/on-cluster/cluster.ts';

describe('the line a run prints while it readies its cluster', () => {
  it('claims no image loading on an existing cluster, which is someone else\'s', () => {
    const line = preparingClusterLine('existing');
    expect(line).not.toMatch(/bringing up|loading the run's images/);
    expect(line).toContain('nothing is started or loaded there');
  });

  it('says the clusters the harness runs itself are brought up and get the images', () => {
    expect(preparingClusterLine('local')).toBe("bringing up the Kubernetes cluster (local) and loading the run's images");
    expect(preparingClusterLine('kind')).toContain('(kind)');
  });
});
