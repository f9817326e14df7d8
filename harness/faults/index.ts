// Every fault, for scenarios to compose: `import { killTaskManager } from '../harness/faults/index.ts'`.
export { noFault, MissingAbilityError } from './fault.ts';
export type { Fault, FaultContext, FaultRecord, Recovery } from './fault.ts';
export { killTaskManager, killJobManager, replaceJobManager, deleteDeployment, deleteHaMetadata, freeze } from './process-faults.ts';
export { cancelJob, stopWithSavepoint, failJobUntilRestartsExhausted } from './job-faults.ts';
export { deleteNewestCheckpointMetadata, inSequence } from './storage-faults.ts';
export { storageOutageUntilCheckpointFails } from './storage-outage.ts';
export { suspendJob, upgradeJob, upgradeWhoseJobManagerNeverStarts, UNSCHEDULABLE_NODE_SELECTOR } from './platform-faults.ts';
