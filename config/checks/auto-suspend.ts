/** No warehouse idles longer before suspending than the platform's guardrail allows. */
import type { ConfigIssue } from '../errors';
import type { ConfigCheck } from './check';

export const autoSuspend: ConfigCheck = {
  name: 'auto-suspend',
  run: ({ parsed }) => {
    const max = parsed.platform?.guardrails.maxAutoSuspendSeconds;
    if (max === undefined) return [];
    const issues: ConfigIssue[] = [];
    for (const { file, team } of parsed.teams) {
      for (const [i, w] of team.snowflake.warehouses.entries()) {
        if (w.autoSuspendSeconds <= max) continue;
        issues.push({
          file,
          path: `snowflake.warehouses[${i}].autoSuspendSeconds`,
          message: 'is above the platform guardrail (an idle warehouse burns credits)',
          given: w.autoSuspendSeconds,
          allowed: `1 to ${max}`,
          fix: 'lower it; 60 suits most workloads',
        });
      }
    }
    return issues;
  },
};
