// Steps only YAML scenarios use so far (no built-in scenario needs them): a savepoint in a chosen
// format, and a plain wait. Built the same way as the steps in steps.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SavepointFormat } from '../flink/client.ts';
import type { Step } from './steps.ts';

const STEP_TIMEOUT_MS = 120_000;

/** Like takeSavepoint(), in `format` (Flink's default, and takeSavepoint()'s, is CANONICAL). */
export function takeSavepointInFormat(format: SavepointFormat): Step {
  return {
    name: `take-savepoint-${format.toLowerCase()}`,
    async run({ deployment, triggered }) {
      const { rest, jobId, paths } = deployment;
      const triggerId = await rest.triggerSavepoint(jobId, { targetDirectory: paths.savepoints, formatType: format });
      const location = await rest.awaitSavepoint(jobId, triggerId, { timeoutMs: STEP_TIMEOUT_MS });
      const completedAt = Date.now();
      const metadata = await deployment.storage.metadataAt(location);
      if (!metadata.exists || metadata.checkpointId === undefined) throw new Error(`savepoint ${location} has no readable _metadata`);
      triggered.push({ kind: 'savepoint', id: metadata.checkpointId, path: location.replace(/\/+$/, ''), jobId, completedAt, seenBy: ['trigger'] });
    },
  };
}

/** Waits `seconds` (the scenario's input: time for the job to run, not a wait for a condition). */
export function waitSeconds(seconds: number): Step {
  return {
    name: `wait-${seconds}s`,
    async run() {
      await sleep(seconds * 1000);
    },
  };
}
