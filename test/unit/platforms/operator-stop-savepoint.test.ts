// What the operator's status says of the savepoint its suspend or upgrade took: taken, none (the mode
// it used instead) or unknown. Statuses shaped as operator 1.7 writes them (its SavepointInfo,
// Savepoint and ReconciliationStatus; lastReconciledSpec as {"spec": …, "resource_metadata": …}).
import { describe, expect, it } from 'vitest';
import { stopSavepointRecord } from '../../../harness/platforms/operator/stop-savepoint.ts';
import type { FlinkDeploymentStatus } from '../../../harness/platforms/operator/flink-deployment.ts';

const REQUESTED = Date.UTC(2026, 11, 7, 19, 0, 0);
const SLACK = 2_000;
const reconciled = (upgradeMode: string | undefined, at = REQUESTED + 30_000): FlinkDeploymentStatus['reconciliationStatus'] => ({
  state: 'DEPLOYED', reconciliationTimestamp: at,
  lastReconciledSpec: JSON.stringify({ spec: { job: { state: 'running', ...(upgradeMode ? { upgradeMode } : {}) } }, resource_metadata: { apiVersion: 'flink.apache.org/v1beta1' } }),
});
const upgradeSavepoint = (location: string, timeStamp: number) => ({ timeStamp, location, triggerType: 'UPGRADE', formatType: 'CANONICAL' });
const manual = (location: string, timeStamp: number) => ({ timeStamp, location, triggerType: 'MANUAL', triggerNonce: 7 });

describe("the operator's record of the savepoint its stop took", () => {
  it('is the UPGRADE savepoint recorded since the change was requested', () => {
    const sp = upgradeSavepoint('s3://flink/savepoints/savepoint-a1b2c3-0123456789ab', REQUESTED + 8_000);
    const status = { jobStatus: { savepointInfo: { lastSavepoint: sp, savepointHistory: [sp] } }, reconciliationStatus: reconciled('savepoint') } as FlinkDeploymentStatus;
    expect(stopSavepointRecord(status, REQUESTED, SLACK)).toEqual({
      savepoint: 'taken', path: sp.location, field: 'status.jobStatus.savepointInfo.lastSavepoint (triggerType UPGRADE, recorded 2026-12-07T19:00:08.000Z)',
    });
  });

  it('finds it in savepointHistory when a later manual savepoint became lastSavepoint', () => {
    const sp = upgradeSavepoint('s3://flink/savepoints/savepoint-a1b2c3-upgrade', REQUESTED + 8_000);
    const later = manual('s3://flink/savepoints/savepoint-a1b2c3-manual', REQUESTED + 60_000);
    const status = { jobStatus: { savepointInfo: { lastSavepoint: later, savepointHistory: [upgradeSavepoint('s3://old', REQUESTED - 600_000), sp, later] } }, reconciliationStatus: reconciled('savepoint') } as FlinkDeploymentStatus;
    expect(stopSavepointRecord(status, REQUESTED, SLACK)).toMatchObject({ savepoint: 'taken', path: sp.location, field: expect.stringMatching(/^status\.jobStatus\.savepointInfo\.savepointHistory\[1\]/) });
  });

  it('is none when the operator carried out the change in last-state mode (its fallback for a job not running)', () => {
    const old = upgradeSavepoint('s3://flink/savepoints/savepoint-earlier', REQUESTED - 600_000);
    const status = { jobStatus: { savepointInfo: { lastSavepoint: old, savepointHistory: [old] } }, reconciliationStatus: reconciled('last-state') } as FlinkDeploymentStatus;
    expect(stopSavepointRecord(status, REQUESTED, SLACK)).toEqual({
      savepoint: 'none', modeUsed: 'last-state', restoresAs: 'LAST_STATE', field: 'status.reconciliationStatus.lastReconciledSpec job.upgradeMode = last-state (reconciled 2026-12-07T19:00:30.000Z)',
    });
    expect(stopSavepointRecord({ reconciliationStatus: reconciled('stateless') }, REQUESTED, SLACK)).toMatchObject({ savepoint: 'none', modeUsed: 'stateless' });
  });

  it('is unknown when the status does not say: savepoint mode without an UPGRADE savepoint since the request, a change not yet reconciled, no or broken reconciled spec', () => {
    const old = upgradeSavepoint('s3://flink/savepoints/savepoint-earlier', REQUESTED - SLACK - 1);
    const noNewSavepoint = stopSavepointRecord({ jobStatus: { savepointInfo: { lastSavepoint: old } }, reconciliationStatus: reconciled('savepoint') }, REQUESTED, SLACK);
    expect(noNewSavepoint).toEqual({
      savepoint: 'unknown',
      why: 'status.reconciliationStatus.lastReconciledSpec job.upgradeMode = savepoint (reconciled 2026-12-07T19:00:30.000Z), yet no savepoint with triggerType UPGRADE recorded since the change was requested (2026-12-07T19:00:00.000Z)',
    });
    // The reconciled spec is still the one before the change: its mode says nothing about this stop.
    expect(stopSavepointRecord({ reconciliationStatus: reconciled('last-state', REQUESTED - 60_000) }, REQUESTED, SLACK)).toMatchObject({ savepoint: 'unknown', why: expect.stringMatching(/has not recorded the change yet/) });
    expect(stopSavepointRecord({}, REQUESTED, SLACK)).toEqual({ savepoint: 'unknown', why: 'the status records no reconciled spec' });
    expect(stopSavepointRecord({ reconciliationStatus: { reconciliationTimestamp: REQUESTED + 1, lastReconciledSpec: '{not json' } }, REQUESTED, SLACK)).toMatchObject({ savepoint: 'unknown', why: expect.stringMatching(/lastReconciledSpec is not JSON/) });
  });

  it('never takes a savepoint of another trigger, or one without a location, for the stop\'s', () => {
    const status = {
      jobStatus: { savepointInfo: { lastSavepoint: manual('s3://manual', REQUESTED + 1_000), savepointHistory: [{ timeStamp: REQUESTED + 2_000, triggerType: 'UPGRADE' }] } },
      reconciliationStatus: reconciled('savepoint'),
    } as FlinkDeploymentStatus;
    expect(stopSavepointRecord(status, REQUESTED, SLACK).savepoint).toBe('unknown');
  });
});
