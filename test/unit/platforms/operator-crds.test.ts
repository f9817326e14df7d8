import { describe, expect, it } from 'vitest';
import type { V1CustomResourceDefinition } from '@kubernetes/client-node';
import { CRD_OPERATOR_VERSION_LABEL, compareVersions, crdAction } from '../../../harness/platforms/operator/crds.ts';
import { OWNER_LABEL, OWNER_VALUE } from '../../../harness/k8s/kube.ts';

function crd(labels: Record<string, string>): V1CustomResourceDefinition {
  return { metadata: { name: 'flinkdeployments.flink.apache.org', labels }, spec: { group: 'flink.apache.org', names: { plural: 'flinkdeployments', kind: 'FlinkDeployment' }, scope: 'Namespaced', versions: [] } };
}
const owned = (version?: string): V1CustomResourceDefinition => crd({ [OWNER_LABEL]: OWNER_VALUE, ...(version ? { [CRD_OPERATOR_VERSION_LABEL]: version } : {}) });

describe('which operator CRDs a deployment applies (they are cluster-wide)', () => {
  it('creates a missing CRD', () => {
    expect(crdAction(undefined, '1.7.0')).toBe('create');
  });
  it("replaces the harness's CRD of an older operator release, or of an unknown one, by the newer one", () => {
    expect(crdAction(owned('1.3.0'), '1.7.0')).toBe('upgrade');
    expect(crdAction(owned(), '1.7.0')).toBe('upgrade');
    expect(crdAction(owned('1.7.0'), '1.10.0')).toBe('upgrade');
  });
  it('never downgrades: an older operator runs against the newer (superset) CRD', () => {
    expect(crdAction(owned('1.7.0'), '1.3.0')).toBe('keep');
    expect(crdAction(owned('1.7.0'), '1.7.0')).toBe('keep');
  });
  it('never touches a CRD the harness did not create', () => {
    expect(crdAction(crd({}), '1.7.0')).toBe('keep');
    expect(crdAction(crd({ [OWNER_LABEL]: 'helm' }), '9.9.9')).toBe('keep');
  });
  it('orders releases numerically', () => {
    expect(compareVersions('1.10.0', '1.7.0')).toBeGreaterThan(0);
    expect(compareVersions('1.3.0', '1.7.0')).toBeLessThan(0);
  });
});
