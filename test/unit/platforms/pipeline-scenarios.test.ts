// Which scenarios a pipeline runs follows from its file: the faults it declares, its resume and what
// that restores. Anything else is skipped, saying why, never run to a verdict it cannot reach.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { builtInScenarios } from '../../../harness/scenario/catalog.ts';
import { parsePipelineFile, readPipelineFile } from '../../../harness/platforms/pipeline/pipeline-file.ts';
import { pipelinePlatform, pipelineTemplate, whyPipelineCannotRun } from '../../../harness/platforms/pipeline/descriptor.ts';
import { cancelJob, killJobManager, killTaskManager, replaceJobManager, stopWithSavepoint, suspendJob, upgradeJob } from '../../../harness/faults/index.ts';
import { canKillTaskManagers, canInterruptStorage, reconcilesJobSpec } from '../../../harness/platforms/platform.ts';
import { storageOutageUntilCheckpointFails } from '../../../harness/faults/index.ts';
import type { ScenarioDefinition } from '../../../harness/scenario/definition.ts';
import { loadScenarioFile } from '../../../harness/scenario/yaml.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const minimal = parsePipelineFile('commands: {deploy: ./d.sh, delete: ./x.sh}\n', '/p/pipeline.yaml');
const withResume = parsePipelineFile('commands: {deploy: ./d.sh, resume: ./r.sh, delete: ./x.sh}\nfaults: {kill-jobmanager: ./k.sh jm}\n', '/p/pipeline.yaml');
const base: ScenarioDefinition = { id: 'x', title: 'x', strategy: 'FAILOVER', fault: killTaskManager(), expect: { verdict: 'PASS' } };

describe('the scenarios a pipeline runs', () => {
  it('runs every core and Kubernetes scenario with the examples, and skips the Operator\'s saying why', async () => {
    const scenarios = (await builtInScenarios(ROOT)).filter(({ file }) => /^scenarios\/(kubernetes\/)?[^/]+$|^scenarios\/operator\//.test(file));
    for (const example of ['kubectl', 'helm']) {
      const pipeline = readPipelineFile(resolve(ROOT, `examples/pipelines/${example}/pipeline.yaml`));
      const verdicts = scenarios.map(({ file, definition }) => [file, whyPipelineCannotRun(definition, pipeline)] as const);
      const runs = verdicts.filter(([, why]) => why === undefined).map(([file]) => file);
      expect(runs.filter((f) => f.startsWith('scenarios/operator/'))).toEqual([]);
      expect(runs).toHaveLength(13);
      for (const [file, why] of verdicts.filter(([f]) => f.startsWith('scenarios/operator/'))) expect(why, file).toMatch(/^written for the operator platform; the pipeline platform runs the Kubernetes platform's scenarios$/);
    }
  });

  it('skips a fault the file does not declare, naming what it declares', () => {
    expect(whyPipelineCannotRun(base, withResume)).toBe('fault kill-taskmanager needs a platform that can kill TaskManagers; pipeline cannot (/p/pipeline.yaml declares faults: kill-jobmanager)');
    expect(whyPipelineCannotRun(base, minimal)).toBe('fault kill-taskmanager needs a platform that can kill TaskManagers; pipeline cannot (/p/pipeline.yaml declares no faults)');
    expect(whyPipelineCannotRun({ ...base, fault: replaceJobManager() }, withResume)).toBe('fault replace-jobmanager needs faults.replace-jobmanager (/p/pipeline.yaml declares faults: kill-jobmanager)');
    expect(whyPipelineCannotRun({ ...base, fault: killJobManager() }, withResume)).toBeUndefined();
    expect(whyPipelineCannotRun({ ...base, fault: killJobManager(), before: [storageOutageUntilCheckpointFails()] }, withResume))
      .toBe('step storage-outage-until-checkpoint-fails needs faults.stop-storage and faults.start-storage (/p/pipeline.yaml declares faults: kill-jobmanager)');
  });

  it('skips a job ended for good without a resume command, or when its resume restores something else than the scenario expects', () => {
    const cancelled = { ...base, strategy: 'LATEST_STATE' as const, fault: cancelJob() };
    expect(whyPipelineCannotRun(cancelled, minimal)).toBe('fault cancel ends the job, and /p/pipeline.yaml declares no commands.resume to bring it back');
    expect(whyPipelineCannotRun(cancelled, withResume)).toBeUndefined();
    expect(whyPipelineCannotRun({ ...cancelled, strategy: 'LATEST_SAVEPOINT', fault: stopWithSavepoint() }, withResume))
      .toBe('expects LATEST_SAVEPOINT after stop-with-savepoint, and the pipeline\'s resume restores latest-state (restores.resume in /p/pipeline.yaml)');
    const savepointsOnly = parsePipelineFile('commands: {deploy: ./d.sh, resume: ./r.sh, delete: ./x.sh}\nrestores: {resume: latest-savepoint}\n', '/p/pipeline.yaml');
    expect(whyPipelineCannotRun({ ...cancelled, strategy: 'LATEST_SAVEPOINT' }, savepointsOnly)).toBeUndefined();
  });

  it('runs a suspend or an upgrade through the pipeline when it declares both, expecting what restores.stop says', () => {
    const stops = parsePipelineFile('commands: {deploy: ./d.sh, resume: ./r.sh, suspend: ./s.sh, upgrade: ./u.sh, delete: ./x.sh}\nrestores: {stop: savepoint}\n', '/p/pipeline.yaml');
    const suspended: ScenarioDefinition = { ...base, platforms: ['pipeline'], strategy: 'UPGRADE_SAVEPOINT', fault: suspendJob() };
    expect(whyPipelineCannotRun(suspended, stops)).toBeUndefined();
    expect(whyPipelineCannotRun({ ...suspended, fault: upgradeJob({ parallelism: 1 }) }, stops)).toBeUndefined();
    expect(reconcilesJobSpec(pipelineTemplate(stops))).toBe(true);
    expect(whyPipelineCannotRun({ ...suspended, strategy: 'LAST_STATE' }, stops)).toBe('expects LAST_STATE after suspend, and the pipeline\'s suspend keeps savepoint (restores.stop in /p/pipeline.yaml)');
    expect(whyPipelineCannotRun({ ...suspended, deployment: { upgradeMode: 'last-state' } }, stops)).toBe('asks for upgradeMode last-state, and the pipeline\'s suspend and upgrade keep savepoint (restores.stop in /p/pipeline.yaml)');
    expect(whyPipelineCannotRun({ ...suspended, fault: upgradeJob({ parallelism: 1 }, { killControllerMidway: true }) }, stops)).toBe('fault upgrade-with-controller-killed kills a platform controller mid-upgrade, and the pipeline platform has none');
    expect(whyPipelineCannotRun(suspended, withResume)).toMatch(/^fault suspend needs a platform that can reconcile a job spec/);
  });

  it('runs each example suspend and upgrade scenario with the example whose suspend and upgrade keep what it expects, and says why not with the other', () => {
    const kubectl = readPipelineFile(resolve(ROOT, 'examples/pipelines/kubectl/pipeline.yaml'));
    const helm = readPipelineFile(resolve(ROOT, 'examples/pipelines/helm/pipeline.yaml'));
    expect([kubectl.stopRestores, helm.stopRestores]).toEqual(['last-state', 'savepoint']);
    const cases = [
      ['pipeline-last-state-suspend-resume', kubectl, helm],
      ['pipeline-last-state-parallelism-change', kubectl, helm],
      ['pipeline-savepoint-suspend-resume', helm, kubectl],
      ['pipeline-savepoint-job-version-upgrade', helm, kubectl],
    ] as const;
    for (const [file, runs, skips] of cases) {
      const definition = loadScenarioFile(resolve(ROOT, `examples/scenarios/${file}.yaml`));
      expect(whyPipelineCannotRun(definition, runs), file).toBeUndefined();
      expect(whyPipelineCannotRun(definition, skips), file).toMatch(/^expects (LAST_STATE|UPGRADE_SAVEPOINT) after (suspend|upgrade), and the pipeline's (suspend|upgrade) keeps (savepoint|last-state) \(restores.stop in /);
      expect(whyPipelineCannotRun(definition, withResume), file).toMatch(/needs a platform that can reconcile a job spec/);
    }
  });

  it('skips what only another platform can be asked for', () => {
    expect(whyPipelineCannotRun({ ...base, platforms: ['docker'] }, withResume)).toBe('written for the docker platform; the pipeline platform runs the Kubernetes platform\'s scenarios');
    expect(whyPipelineCannotRun({ ...base, fault: killJobManager(), deployment: { resume: { seededDefect: 'second-newest' } } }, withResume)).toBe('sets how the platform resumes (a seeded defect or a policy); under the pipeline its own resume command decides');
    expect(whyPipelineCannotRun({ ...base, fault: killJobManager(), userJob: { prepare: async () => ({ jar: 'j', entryClass: 'C', arguments: [] }) } }, withResume)).toBe("runs a user's job; the pipeline platform hands its commands the probe job only so far");
  });

  it('gives a deployment the abilities of the faults its file declares', () => {
    const kubectl = pipelineTemplate(readPipelineFile(resolve(ROOT, 'examples/pipelines/kubectl/pipeline.yaml')));
    expect([canKillTaskManagers(kubectl), canInterruptStorage(kubectl), reconcilesJobSpec(kubectl)]).toEqual([true, true, true]);
    const bare = pipelineTemplate(minimal);
    expect([canKillTaskManagers(bare), canInterruptStorage(bare)]).toEqual([false, false]);
  });

  it('states its restore semantics as data: what each mode a pipeline file can name amounts to', () => {
    expect(pipelinePlatform.restoreSemantics).toEqual({ 'latest-state': 'LATEST_STATE', 'latest-savepoint': 'LATEST_SAVEPOINT', 'last-state': 'LAST_STATE', savepoint: 'UPGRADE_SAVEPOINT' });
  });
});
