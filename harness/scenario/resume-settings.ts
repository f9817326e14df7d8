// Which resume the platform of a scenario is configured with: the scenario's own (a misconfigured
// or broken-on-purpose platform), else the team's command (FRH_RESUME_COMMAND), else the reference
// policy matching the user's intent, as a team would configure its platform.
import type { ResumeSettings } from '../platforms/resume/resume.ts';
import type { RestoreStrategy } from '../oracle/snapshot.ts';

export function resumeSettingsFor(definition: { strategy: RestoreStrategy; deployment?: { resume?: ResumeSettings } }, env = process.env): ResumeSettings {
  if (definition.deployment?.resume) return definition.deployment.resume;
  if (env.FRH_RESUME_COMMAND) return { command: env.FRH_RESUME_COMMAND };
  switch (definition.strategy) {
    // The Operator's modes, modelled for platforms that resume through a policy: a last-state
    // resume restores the newest state, a savepoint-mode resume the newest savepoint.
    case 'FAILOVER':
    case 'LAST_STATE': return { policy: 'LATEST_STATE' };
    case 'UPGRADE_SAVEPOINT': return { policy: 'LATEST_SAVEPOINT' };
    default: return { policy: definition.strategy };
  }
}
