// A team's pipeline file is checked before anything starts: each mistake is one line naming the file,
// the line and column, the field and what is wrong, raised as bad input (exit code 2 at the CLI).
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { parsePipelineFile, readPipelineFile, PipelineFileError } from '../../../harness/platforms/pipeline/pipeline-file.ts';
import { BadInputError } from '../../../harness/support/errors.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const parse = (text: string) => parsePipelineFile(text, '/teams/p/pipeline.yaml', 'pipeline.yaml');
const minimal = 'commands:\n  deploy: ./deploy.sh\n  delete: ./delete.sh\n';

describe('a pipeline file', () => {
  it('reads the shipped examples with every command and fault they declare', () => {
    for (const [example, stops] of [['kubectl', 'last-state'], ['helm', 'savepoint']] as const) {
      const pipeline = readPipelineFile(resolve(ROOT, `examples/pipelines/${example}/pipeline.yaml`));
      expect(pipeline.name).toBe(example);
      expect(pipeline.folder).toBe(resolve(ROOT, `examples/pipelines/${example}`));
      expect(Object.keys(pipeline.commands).sort()).toEqual(['delete', 'deploy', 'resume', 'suspend', 'upgrade']);
      expect(Object.keys(pipeline.faults).sort()).toEqual(['delete-ha-metadata', 'kill-jobmanager', 'kill-taskmanager', 'replace-jobmanager', 'start-storage', 'stop-storage']);
      expect([pipeline.resumeRestores, pipeline.stopRestores]).toEqual(['latest-state', stops]);
    }
  });

  it('takes defaults for what it leaves out', () => {
    const pipeline = parse(minimal);
    expect(pipeline).toMatchObject({ name: 'pipeline', folder: '/teams/p', commands: { deploy: './deploy.sh', delete: './delete.sh' }, faults: {}, resumeRestores: 'latest-state', stopRestores: 'last-state', commandTimeoutMs: 300_000 });
  });

  it('keeps what it declares', () => {
    const pipeline = parse(`name: team-a\n${minimal}  resume: ./resume.sh\nfaults:\n  kill-taskmanager: ./kill.sh tm\nrestores: {resume: latest-savepoint, stop: savepoint}\ntimeoutSeconds: 60\n`);
    expect(pipeline).toMatchObject({ name: 'team-a', commands: { resume: './resume.sh' }, faults: { 'kill-taskmanager': './kill.sh tm' }, resumeRestores: 'latest-savepoint', stopRestores: 'savepoint', commandTimeoutMs: 60_000 });
  });

  it.each<[string, string, string]>([
    ['not YAML', 'commands: [deploy', 'pipeline.yaml:1:18: not valid YAML: '],
    ['a list, not a map', '- deploy\n', 'pipeline.yaml:1:1: a pipeline file is a map with commands'],
    ['no commands', 'name: x\n', 'pipeline.yaml:1:1: commands: is required'],
    ['no deploy', 'commands:\n  delete: ./d.sh\n', 'pipeline.yaml:2:3: commands.deploy: is required'],
    ['no delete', 'commands:\n  deploy: ./d.sh\n', 'pipeline.yaml:2:3: commands.delete: is required'],
    ['an unknown command', `${minimal}  restart: ./r.sh\n`, 'pipeline.yaml:4:3: commands.restart: unknown field; known: deploy, resume, suspend, upgrade, delete'],
    ['an empty command', 'commands:\n  deploy: ""\n  delete: ./d.sh\n', 'pipeline.yaml:2:11: commands.deploy: give a command'],
    ['a command that is not text', 'commands:\n  deploy: [a, b]\n  delete: ./d.sh\n', 'pipeline.yaml:2:11: commands.deploy: give a command'],
    ['an unknown fault', `${minimal}faults:\n  kill-everything: ./k.sh\n`, 'pipeline.yaml:5:3: faults.kill-everything: unknown field; known: kill-taskmanager, kill-jobmanager, replace-jobmanager, delete-ha-metadata, stop-storage, start-storage'],
    ['suspend without upgrade', `${minimal}  suspend: ./s.sh\n`, 'pipeline.yaml:4:3: commands.suspend: suspend and upgrade go together'],
    ['stop-storage alone', `${minimal}faults:\n  stop-storage: ./s.sh stop\n`, 'pipeline.yaml:5:3: faults.stop-storage: stop-storage and start-storage go together'],
    ['an unknown restore', `${minimal}restores: {resume: newest}\n`, 'pipeline.yaml:4:20: restores.resume: "newest" is not one of latest-state, latest-savepoint'],
    ['a timeout that is not a whole number of seconds', `${minimal}timeoutSeconds: 2.5\n`, 'pipeline.yaml:4:17: timeoutSeconds: 2.5: give how long one command may run'],
    ['an unknown top-level field', `${minimal}command: x\n`, 'pipeline.yaml:4:1: command: unknown field; known: name, commands, faults, restores, timeoutSeconds'],
    ['a duplicate key', `${minimal}  deploy: again\n`, 'pipeline.yaml:4:3: not valid YAML: '],
    ['a name with spaces', `name: my team\n${minimal}`, 'pipeline.yaml:1:7: name: give a short name'],
  ])('refuses %s in one line', (_, text, start) => {
    let error: unknown;
    try {
      parse(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PipelineFileError);
    expect(error).toBeInstanceOf(BadInputError);
    const message = (error as Error).message;
    expect(message.startsWith(start), message).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('says so when the file cannot be read', () => {
    expect(() => readPipelineFile('/nonexistent/pipeline.yaml', 'nope.yaml')).toThrow(new BadInputError('nope.yaml: cannot read the pipeline file (ENOENT)'));
    expect(() => readPipelineFile(ROOT, 'the-repo')).toThrow(new BadInputError('the-repo: the pipeline file is not a file'));
  });
});
