// What the pipeline platform's runs leave, and how sweeps remove it: the namespaces (as the
// Kubernetes platform's), and on this machine the private folders of command files (the run's S3
// keys among them) of a deployment whose process was killed before it removed them.
import type { PlatformCleanup } from '../descriptor.ts';
import { namespaceCleanup } from '../on-cluster/cluster.ts';
import { sweepOwnedFolders } from '../../support/owned-folders.ts';

/** How the folders of command files are named in the temporary folder (sweeps find them by it and their marker). */
export const COMMAND_FILES_PREFIX = 'frh-pipeline-';

/**
 * The namespaces' cleanup, with the command-file folders first: of the run when one is named, else
 * those whose owner is gone. They go even when the cluster cannot be reached (then the sweep still
 * fails, saying why). `root`: where the folders are (the system's temporary folder); `namespaces`:
 * the namespaces' own cleanup (the Kubernetes platform's).
 */
export function pipelineCleanup(platform: string, options: { root?: string; namespaces?: PlatformCleanup } = {}): PlatformCleanup {
  const { root } = options;
  const namespaces = options.namespaces ?? namespaceCleanup(platform);
  return {
    ...namespaces,
    leaves: 'namespace(s)/command folder(s)',
    async sweep(scope) {
      const folders = sweepOwnedFolders(COMMAND_FILES_PREFIX, { ...(scope.runId !== undefined ? { runId: scope.runId } : {}), ...(root !== undefined ? { root } : {}) });
      return folders + await namespaces.sweep(scope);
    },
  };
}
