// The pipeline platform as the house sees it (descriptor.ts): a team's own deploy pipeline, a YAML
// file of commands, run in a labelled namespace per deployment on the run's cluster; the harness only
// observes. What its deployments can do (the faults its file declares), what it restores where (the
// modes its file names, as restore semantics) and which scenarios it runs follow from that file.
import { resolve } from 'node:path';
import { MissingAbilityError } from '../../faults/fault.ts';
import type { Deployment } from '../platform.ts';
import type { PlatformDescriptor, ScenarioNeeds } from '../descriptor.ts';
import { DEFAULT_FLINK_VERSION } from '../deployment-spec.ts';
import { clusterOfRun } from '../on-cluster/cluster.ts';
import { pipelineCleanup } from './cleanup.ts';
import { clusterImagesNeeded } from '../on-cluster/images-needed.ts';
import { BadInputError, quoteSetting } from '../../support/errors.ts';
import { FAULT_ABILITIES, PIPELINE_FAULTS, type PipelineFault, readPipelineFile, RESUME_RESTORES, STOP_RESTORES, type PipelineFile } from './pipeline-file.ts';

export const PIPELINE_PLATFORM = 'pipeline';
/** It runs the scenarios written for these platforms (those whose faults its file declares). */
const RUNS_SCENARIOS_OF = ['kubernetes'];
/** `--pipeline FILE`: the team's pipeline file; the variable the flag sets for vitest's workers. */
export const PIPELINE_FLAG = 'pipeline';
export const PIPELINE_VARIABLE = 'FRH_PIPELINE';

/** The run's pipeline file (FRH_PIPELINE), read and checked. */
export function pipelineOfRun(env: NodeJS.ProcessEnv = process.env): PipelineFile {
  const file = env[PIPELINE_VARIABLE];
  if (!file) throw new BadInputError('the pipeline platform needs FRH_PIPELINE (--pipeline FILE)');
  return readPipelineFile(file);
}

/**
 * The abilities a deployment of `pipeline` has (the faults and stops its file declares), without
 * deploying: what a fault's own check() is asked against.
 */
export function pipelineTemplate(pipeline: PipelineFile): Deployment {
  const template: Record<string, unknown> = { platform: PIPELINE_PLATFORM };
  for (const fault of PIPELINE_FAULTS) {
    if (pipeline.faults[fault] !== undefined) template[FAULT_ABILITIES[fault]] = async () => undefined;
  }
  if (pipeline.commands.suspend !== undefined && pipeline.commands.upgrade !== undefined) {
    for (const method of ['suspend', 'upgrade']) template[method] = async () => undefined;
  }
  return template as unknown as Deployment;
}

/** Steps that need more of the platform than REST and storage (their ability is checked only when they run). */
const STEP_NEEDS: Record<string, { what: string; fault?: PipelineFault }> = {
  'storage-outage-until-checkpoint-fails': { what: 'faults.stop-storage and faults.start-storage', fault: 'stop-storage' },
  'savepoint-through-platform': { what: "a platform controller's own savepoint, which the pipeline platform has no command for" },
  'controller-upgraded': { what: 'a platform controller to replace, which the pipeline platform has none of' },
  'controller-restarted': { what: 'a platform controller to replace, which the pipeline platform has none of' },
};

/** Why this pipeline cannot run `scenario` (one sentence, for the skip), or undefined when it can. */
export function whyPipelineCannotRun(scenario: ScenarioNeeds, pipeline: PipelineFile): string | undefined {
  const written = scenario.platforms ?? ['docker', 'kubernetes'];
  if (!written.includes(PIPELINE_PLATFORM) && !RUNS_SCENARIOS_OF.some((p) => written.includes(p))) {
    return `written for the ${written.join(', ')} platform${written.length > 1 ? 's' : ''}; the pipeline platform runs the Kubernetes platform's scenarios`;
  }
  if (scenario.userJob !== undefined || scenario.deployment?.flinkDeployment !== undefined) return "runs a user's job; the pipeline platform hands its commands the probe job only so far";
  if (scenario.deployment?.resume !== undefined) return 'sets how the platform resumes (a seeded defect or a policy); under the pipeline its own resume command decides';
  const declared = PIPELINE_FAULTS.filter((f) => pipeline.faults[f] !== undefined);
  const declaredText = `${pipeline.file} declares ${declared.length > 0 ? `faults: ${declared.join(', ')}` : 'no faults'}`;
  for (const step of scenario.before ?? []) {
    const needs = STEP_NEEDS[step.name];
    if (needs && (needs.fault === undefined || pipeline.faults[needs.fault] === undefined)) return `step ${step.name} needs ${needs.what} (${declaredText})`;
  }
  try {
    scenario.fault.check(pipelineTemplate(pipeline));
  } catch (error) {
    if (error instanceof MissingAbilityError) return `${error.message} (${declaredText})`;
    throw error;
  }
  // A JobManager kill and a pod replacement share one ability (KillsJobManagers); the file names them apart.
  if (scenario.fault.name.split('+').includes('replace-jobmanager') && pipeline.faults['replace-jobmanager'] === undefined) {
    return `fault replace-jobmanager needs faults.replace-jobmanager (${declaredText})`;
  }
  if (scenario.fault.name === 'upgrade-with-controller-killed') return `fault ${scenario.fault.name} kills a platform controller mid-upgrade, and the pipeline platform has none`;
  if (['suspend', 'upgrade'].includes(scenario.fault.kind)) {
    const stops = STOP_RESTORES[pipeline.stopRestores];
    if (scenario.strategy !== stops) return `expects ${scenario.strategy} after ${scenario.fault.name}, and the pipeline's ${scenario.fault.kind} keeps ${pipeline.stopRestores} (restores.stop in ${pipeline.file})`;
    const mode = pipeline.stopRestores === 'savepoint' ? 'savepoint' : 'last-state';
    if (scenario.deployment?.upgradeMode !== undefined && scenario.deployment.upgradeMode !== mode) return `asks for upgradeMode ${scenario.deployment.upgradeMode}, and the pipeline's suspend and upgrade keep ${pipeline.stopRestores} (restores.stop in ${pipeline.file})`;
  }
  if (scenario.fault.recovery === 'redeploy' && !['suspend', 'upgrade'].includes(scenario.fault.kind)) {
    if (pipeline.commands.resume === undefined) return `fault ${scenario.fault.name} ends the job, and ${pipeline.file} declares no commands.resume to bring it back`;
    const restores = RESUME_RESTORES[pipeline.resumeRestores];
    if (scenario.strategy !== restores) return `expects ${scenario.strategy} after ${scenario.fault.name}, and the pipeline's resume restores ${pipeline.resumeRestores} (restores.resume in ${pipeline.file})`;
  }
  return undefined;
}

async function runCluster(env: NodeJS.ProcessEnv, flinkVersions: string[]) {
  const [{ PipelinePlatform }, { imageFor }] = await Promise.all([import('./pipeline-platform.ts'), import('../images.ts')]);
  return { PipelinePlatform, ...await clusterOfRun(env, clusterImagesNeeded(flinkVersions).map(imageFor)) };
}

export const pipelinePlatform: PlatformDescriptor = {
  name: PIPELINE_PLATFORM,
  title: 'pipeline',
  summary: "a team's own deploy pipeline (--pipeline FILE of commands) in a namespace per deployment; its commands deploy and resume, the harness only observes",
  runsOn: 'kubernetes-cluster',
  defaultFlinkVersion: DEFAULT_FLINK_VERSION,
  // Its file decides (cannotRun): the Kubernetes platform's scenarios whose faults and resume it declares.
  runsUnnamedScenarios: false,
  userJob: { runs: false, why: "the pipeline platform hands its commands the probe job only so far" },
  soak: { runs: false, why: 'a soak draws its faults from what the platform can inject; the pipeline platform has not been tried under one' },
  cannotRun: (scenario, env) => whyPipelineCannotRun(scenario, pipelineOfRun(env)),
  options: [{
    flag: PIPELINE_FLAG,
    variable: PIPELINE_VARIABLE,
    refusedOn: (platform) => `a pipeline file drives the pipeline platform only (the platform is ${platform}); add --platform pipeline`,
    required: "--platform pipeline needs --pipeline FILE: the file naming your pipeline's commands (e.g. examples/pipelines/kubectl/pipeline.yaml)",
    check(given, name, env) {
      if (env.FRH_RESUME_COMMAND !== undefined) throw new BadInputError(`${quoteSetting('FRH_RESUME_COMMAND', env.FRH_RESUME_COMMAND)}: the pipeline platform resumes with its own commands.resume; give the resume there instead`);
      readPipelineFile(resolve(given), quoteSetting(name, given));
      return resolve(given);
    },
  }],
  // The modes a pipeline file names (restores.resume, restores.stop) and what the oracle expects of each.
  restoreSemantics: { ...RESUME_RESTORES, ...STOP_RESTORES },
  defaultParallelism: () => 1,
  imagesNeeded: (flinkVersions) => clusterImagesNeeded(flinkVersions),
  deploymentClass: async () => (await import('./pipeline-deployment.ts')).PipelineDeployment,
  async prepareRun({ env, flinkVersions }) {
    await runCluster(env, flinkVersions);
  },
  async create({ runId, env, flinkVersions }) {
    const { PipelinePlatform, cluster, provider } = await runCluster(env, flinkVersions);
    return new PipelinePlatform({ runId, cluster, pipeline: pipelineOfRun(env), loadImages: (images) => provider.loadImages(images) });
  },
  cleanup: pipelineCleanup(PIPELINE_PLATFORM),
};
