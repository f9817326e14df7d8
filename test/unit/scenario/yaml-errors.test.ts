// A mistake in a scenario file is one line naming file:line:column and the field, before anything
// starts; the JSON Schema editors complete against is the one the zod schema generates today.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../../../harness/support/errors.ts';
import { checkScenarioFilesToList, checkScenarioFilesToRun, loadScenarioFiles, parseScenarioYaml, scenarioFilesFromEnv, toScenarioDefinition, ScenarioFileProblem, DEFAULT_PLATFORMS_OF_FILES } from '../../../harness/scenario/yaml.ts';
import { SCHEMA_FILE, schemaFileText } from '../../../harness/scenario/yaml-schema-file.ts';
import { FAULT_NAMES, STEP_NAMES } from '../../../harness/scenario/yaml-schema.ts';
import { DEFAULT_PLATFORMS } from '../../../harness/scenario/vitest.ts';
import type { StepContext } from '../../../harness/scenario/steps.ts';

const HEAD = 'id: a\ntitle: T\nstrategy: LATEST_STATE\n';
const problem = (text: string): string => {
  try {
    parseScenarioYaml(text, 'x.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as Error).message;
  }
  throw new Error('parsed without a problem');
};

describe('a scenario file with a mistake', () => {
  it.each<[string, string, string | RegExp]>([
    ['a wrong savepoint format', `${HEAD}steps:\n  - savepoint: {format: NATIV}\n  - cancel\nexpect: {verdict: PASS}\n`, 'x.yaml:5:25: steps[0].savepoint.format: "NATIV" is not one of CANONICAL, NATIVE'],
    ['an unknown step', `${HEAD}steps:\n  - savepiont:\n  - cancel\nexpect: {verdict: PASS}\n`, /^x\.yaml:5:5: steps\[0\]\.savepiont: unknown step "savepiont"; steps: checkpoints, .*; faults: kill-taskmanager, /],
    ['an unknown bare step', `${HEAD}steps:\n  - cancle\nexpect: {verdict: PASS}\n`, /^x\.yaml:5:5: steps\[0\]: "cancle" is not one of savepoint, /],
    ['two steps in one item', `${HEAD}steps:\n  - {savepoint: null, cancel: null}\nexpect: {verdict: PASS}\n`, /^x\.yaml:5:5: steps\[0\]: give exactly one step per list item \(savepoint, cancel\)/],
    ['a missing expectation', `${HEAD}steps:\n  - cancel\n`, 'x.yaml:1:1: expect: is required'],
    ['a wrong verdict', `${HEAD}steps: [cancel]\nexpect:\n  verdict: PAS\n`, 'x.yaml:6:12: expect.verdict: "PAS" is not one of PASS, RESTORE_MISMATCH, STATE_LOSS, NO_RESTORE, INFRA_ERROR, TIMEOUT, BAD_INPUT'],
    ['a wrong strategy', 'id: a\ntitle: T\nstrategy: NEWEST\nfault: cancel\nexpect: {verdict: PASS}\n', /^x\.yaml:3:11: strategy: "NEWEST" is not one of FAILOVER, LATEST_STATE, /],
    ['a number that is text', `${HEAD}deployment:\n  parallelism: two\nsteps: [cancel]\nexpect: {verdict: PASS}\n`, 'x.yaml:5:16: deployment.parallelism: expected number, got string "two"'],
    ['an unknown deployment field', `${HEAD}deployment:\n  paralelism: 2\nsteps: [cancel]\nexpect: {verdict: PASS}\n`, 'x.yaml:5:3: deployment.paralelism: unknown field "paralelism"'],
    ['an unknown fault setting', `${HEAD}steps:\n  - kill-taskmanager: {taskmanagr: 1}\nexpect: {verdict: PASS}\n`, 'x.yaml:5:24: steps[0].kill-taskmanager.taskmanagr: unknown field "taskmanagr"'],
    ['a wrong seeded defect', `${HEAD}deployment:\n  resume: {seededDefect: newest}\nfault: cancel\nexpect: {verdict: PASS}\n`, 'x.yaml:5:26: deployment.resume.seededDefect: "newest" is not one of second-newest, lexicographic, savepoint-blind, oldest-savepoint'],
    ['a resume with no known field', `${HEAD}deployment:\n  resume: {}\nfault: cancel\nexpect: {verdict: PASS}\n`, 'x.yaml:5:11: deployment.resume.policy: is required: one of LATEST_STATE, LATEST_SAVEPOINT, NONE'],
    ['a bad id', 'id: My Scenario\ntitle: T\nstrategy: FAILOVER\nfault: cancel\nexpect: {verdict: PASS}\n', 'x.yaml:1:5: id: use a-z, 0-9 and - (it names containers and reports)'],
    ['a step under fault', `${HEAD}fault: checkpoints\nexpect: {verdict: PASS}\n`, /^x\.yaml:4:8: fault: "checkpoints" is not one of kill-taskmanager, /],
    ['a fault before a step', `${HEAD}steps:\n  - cancel\n  - savepoint\nexpect: {verdict: PASS}\n`, 'x.yaml:5:5: steps[0]: the fault cancel comes before the step savepoint: faults end the steps (or go under fault:)'],
    ['no fault', `${HEAD}steps:\n  - savepoint\nexpect: {verdict: PASS}\n`, 'x.yaml:5:3: steps: no fault: end the steps with one (e.g. - cancel) or give fault:'],
    ['no steps and no fault', `${HEAD}expect: {verdict: PASS}\n`, 'x.yaml:1:1: no fault: end the steps with one (e.g. - cancel) or give fault:'],
    ['the fault in two places', `${HEAD}steps: [savepoint, cancel]\nfault: kill-jobmanager\nexpect: {verdict: PASS}\n`, 'x.yaml:4:20: steps[1]: the steps end in the fault cancel and fault: names another; give the fault in one place'],
    ['broken YAML', 'id: a\ntitle: [T\n', /^x\.yaml:3:1: not valid YAML: /],
    ['a duplicate key', 'id: a\nid: b\n', /^x\.yaml:2:1: not valid YAML: Map keys must be unique/],
    ['a list instead of a map', '- cancel\n', 'x.yaml:1:1: a scenario file is a map with id, title, strategy, steps or fault, and expect'],
  ])('%s', (_, text, message) => {
    if (typeof message === 'string') expect(problem(text)).toBe(message);
    else expect(problem(text)).toMatch(message);
  });

  it('toScenarioDefinition names the field of a problem the schema cannot see', () => {
    const file = { id: 'a', title: 'T', strategy: 'FAILOVER' as const, steps: ['cancel', 'savepoint'] as never, expect: { verdict: 'PASS' as const } };
    expect(() => toScenarioDefinition(file)).toThrow(ScenarioFileProblem);
    try {
      toScenarioDefinition(file);
    } catch (error) {
      expect((error as ScenarioFileProblem).path).toEqual(['steps', 0]);
    }
  });
});

describe('what a file translates to', () => {
  const parse = (body: string) => parseScenarioYaml(`${HEAD}${body}`, 'x.yaml');

  it('waits for N checkpoints as N steps, and a savepoint in NATIVE format, and a plain wait', () => {
    const definition = parse('steps:\n  - checkpoints: 3\n  - savepoint: {format: NATIVE}\n  - savepoint: {format: CANONICAL}\n  - wait: 5\n  - cancel\nexpect: {verdict: PASS}\n');
    expect(definition.before?.map((s) => s.name)).toEqual(['checkpoint-completes', 'checkpoint-completes', 'checkpoint-completes', 'take-savepoint-native', 'take-savepoint', 'wait-5s']);
  });

  it('several faults are one in sequence, and flinkConfig values are strings', () => {
    const definition = parse("deployment:\n  flinkConfig: {a.b: 30000, c: true}\nfault: [cancel, delete-newest-checkpoint-metadata]\nexpect: {verdict: PASS}\n");
    expect(definition.fault.name).toBe('cancel+delete-newest-checkpoint-metadata');
    expect(definition.fault.recovery).toBe('redeploy');
    expect(definition.deployment).toEqual({ flinkConfig: { 'a.b': '30000', c: 'true' } });
  });

  it('an upgrade keeps the probe the deployment set, changing only what it names', () => {
    const definition = parse('deployment: {probe: {keys: 8}}\nfault: stop-with-savepoint\nupgrade: {probe: {version: v3}, parallelism: 1}\nexpect: {verdict: PASS}\n');
    expect(definition.deployment).toEqual({ probe: { keys: 8, ratePerSecond: 20, version: 'v1', stateUid: 'probe-state' } });
    expect(definition.redeployWith).toEqual({ probe: { keys: 8, ratePerSecond: 20, version: 'v3', stateUid: 'probe-state' }, parallelism: 1 });
  });

  it('a NATIVE savepoint asks Flink for that format', async () => {
    const definition = parse('steps: [{savepoint: {format: NATIVE}}, cancel]\nexpect: {verdict: PASS}\n');
    const triggers: unknown[] = [];
    const context = {
      deployment: {
        jobId: 'j', paths: { savepoints: 's3://b/sp' },
        rest: { triggerSavepoint: async (_: string, trigger: unknown) => (triggers.push(trigger), 't'), awaitSavepoint: async () => 's3://b/sp/savepoint-1/' },
        storage: { metadataAt: async () => ({ exists: true, checkpointId: 7 }) },
      },
      triggered: [], notes: {}, watcher: undefined,
    } as unknown as StepContext;
    await definition.before![0]!.run(context);
    expect(triggers).toEqual([{ targetDirectory: 's3://b/sp', formatType: 'NATIVE' }]);
    expect(context.triggered).toMatchObject([{ kind: 'savepoint', id: 7, path: 's3://b/sp/savepoint-1' }]);
  });
});

describe('files given to frh run and frh list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frh-yaml-'));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const a = write('a.yaml', `${HEAD}fault: cancel\nexpect: {verdict: PASS}\n`);
  const alsoA = write('also-a.yaml', `${HEAD}fault: kill-taskmanager\nexpect: {verdict: PASS}\n`);
  const k8s = write('k8s.yaml', 'id: b\ntitle: T\nplatforms: [kubernetes]\nstrategy: FAILOVER\nfault: delete-ha-metadata\nexpect: {verdict: PASS}\n');

  it('refuses two files with one id, a missing file, and a scenario that does not run on the platform', () => {
    expect(() => loadScenarioFiles([a, alsoA])).toThrow(`${alsoA}: scenario id "a" is also the id of ${a}; ids must differ`);
    expect(() => loadScenarioFiles([join(dir, 'nope.yaml')])).toThrow(`${join(dir, 'nope.yaml')}: cannot read the scenario file (ENOENT)`);
    expect(() => checkScenarioFilesToRun([k8s], 'docker')).toThrow(`${k8s}: scenario b runs on kubernetes, not on docker; add --platform kubernetes`);
    expect(() => checkScenarioFilesToRun([], 'docker')).toThrow('run needs at least one scenario file: frh run FILE.yaml...');
    expect(() => checkScenarioFilesToList([a], 'xml')).toThrow('--format xml: not one of human, json');
    expect(() => checkScenarioFilesToRun([a, k8s], 'kubernetes')).not.toThrow();
  });

  it('reach the vitest project as a JSON list', () => {
    expect(scenarioFilesFromEnv({ FRH_SCENARIO_FILES: JSON.stringify([a, k8s]) })).toEqual([a, k8s]);
    expect(scenarioFilesFromEnv({})).toEqual([]);
  });

  it('run where the built-in scenarios run unless they name platforms', () => {
    expect(DEFAULT_PLATFORMS_OF_FILES).toEqual(DEFAULT_PLATFORMS);
  });
});

describe('the JSON Schema', () => {
  it('schemas/scenario.schema.json is what npm run schema writes today', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'run npm run schema and commit schemas/scenario.schema.json').toBe(schemaFileText());
  });

  it('offers every step and fault to an editor', () => {
    const text = schemaFileText();
    for (const name of [...STEP_NAMES, ...FAULT_NAMES]) expect(text).toContain(`"${name}"`);
    expect(JSON.parse(text)).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['id', 'title', 'strategy', 'expect'] });
  });
});
