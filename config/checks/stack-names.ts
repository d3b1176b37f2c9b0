/**
 * Stack names join environment and team with "-", so environment "dev-data" + team "integration" and environment
 * "dev" + team "data-integration" would both make "dev-data-integration-aws": two stacks, one state key.
 * Stack names need only environment and team names, so this check reads the parsed files (and still runs when the
 * platform file is invalid); the resolver names the model's stacks with the same `stackNames`.
 */
import type { ConfigIssue } from '../errors';
import { stackNames } from '../naming';
import type { ConfigCheck } from './check';

export const uniqueStackNames: ConfigCheck = {
  name: 'stack-names',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    const owners = new Map<string, string>([[stackNames.organization, 'the organization stack']]);
    const claim = (stack: string, owner: string, file: string, path: string) => {
      const previous = owners.get(stack);
      if (previous === undefined) owners.set(stack, owner);
      else
        issues.push({
          file,
          path,
          message: `makes the stack name "${stack}", which ${previous} also makes (stacks and their state keys must be unique)`,
          given: stack,
          fix: 'rename the team or the environment so the joined names differ',
        });
    };
    for (const env of parsed.environments) {
      claim(stackNames.platformAws(env.name), `environment "${env.name}"`, parsed.files.environments, env.name);
      claim(stackNames.platformSnowflake(env.name), `environment "${env.name}"`, parsed.files.environments, env.name);
    }
    for (const env of parsed.environments) {
      for (const { file, team, environmentNames } of parsed.teams) {
        if (!environmentNames.includes(env.name)) continue;
        const owner = `team "${team.name}" in environment "${env.name}"`;
        claim(stackNames.teamAws(env.name, team.name), owner, file, 'name');
        claim(stackNames.teamSnowflake(env.name, team.name), owner, file, 'name');
      }
    }
    return issues;
  },
};
