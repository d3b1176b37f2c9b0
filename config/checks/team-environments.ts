/** A team's `environments` name configured environments. */
import type { ConfigIssue } from '../errors';
import type { ConfigCheck } from './check';

export const teamEnvironments: ConfigCheck = {
  name: 'team-environments',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    const envNames = parsed.declaredEnvironmentNames;
    for (const { file, team } of parsed.teams) {
      for (const [i, env] of (team.environments ?? []).entries()) {
        if (!envNames.includes(env)) {
          issues.push({
            file,
            path: `environments[${i}]`,
            message: 'is not a configured environment',
            given: env,
            allowed: envNames.join(', '),
          });
        }
      }
    }
    return issues;
  },
};
