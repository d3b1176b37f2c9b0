/**
 * A CircleCI project belongs to one owner: this repository (the platform's plan and deploy roles trust it) or one
 * team (its CI role trusts it). The same id twice would let one project's pipelines assume both owners' roles.
 */
import type { ConfigIssue } from '../errors';
import type { ConfigCheck } from './check';

export const circleciProjects: ConfigCheck = {
  name: 'circleci-projects',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    const owners = new Map<string, { owner: string; where: string }>();
    const platformProject = parsed.platform?.circleci.projectId;
    if (platformProject)
      owners.set(platformProject, {
        owner: "this repository's own project",
        where: `${parsed.files.platform} › circleci.projectId`,
      });
    for (const { file, team } of parsed.teams) {
      const ids = team.aws.circleciProjectIds;
      for (const [i, id] of ids.entries()) {
        if (ids.indexOf(id) !== i) continue; // listed twice in one file: unique-names reports it
        const previous = owners.get(id);
        if (!previous) {
          owners.set(id, { owner: `a project of team "${team.name}"`, where: `${file} › aws.circleciProjectIds` });
          continue;
        }
        const platform = previous.owner.startsWith('this repository');
        issues.push({
          file,
          path: `aws.circleciProjectIds[${i}]`,
          message: platform
            ? `is ${previous.owner} (${previous.where}): its pipelines get the platform's plan and deploy roles, and this team's CI role would trust the platform's pipelines`
            : `is also ${previous.owner} (${previous.where}): that project's pipelines would assume both teams' CI roles`,
          given: id,
          fix: "use this team's own CircleCI project id (Project Settings > Overview); a project belongs to one team",
        });
      }
    }
    return issues;
  },
};
