// Which resume the platform of a scenario is configured with: the scenario's own (a misconfigured
// or broken-on-purpose platform), else the team's command (FRH_RESUME_COMMAND), else the reference
// policy matching the user's intent, as a team would configure its platform.
import type { ResumeSettings } from '../platforms/resume/resume.ts';
import type { RestoreStrategy } from '../oracle/snapshot.ts';

export function resumeSettingsFor(definition: { strategy: RestoreStrategy; deployment?: { resume?: ResumeSettings } }, env = process.env): ResumeSettings {
  if (definition.deployment?.resume) return definition.deployment.resume;
  if (env.FRH_RESUME_COMMAND) return { command: env.FRH_RESUME_COMMAND };
  return { policy: definition.strategy === 'FAILOVER' ? 'LATEST_STATE' : definition.strategy };
}
