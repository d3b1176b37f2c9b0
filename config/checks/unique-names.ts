/** Nothing is declared twice in one file: BI users, and a team's schemas, warehouses, users, members, repositories, projects. */
import type { ConfigIssue } from '../errors';
import { type ConfigCheck, duplicates } from './check';

export const uniqueNames: ConfigCheck = {
  name: 'unique-names',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    const declared = (file: string, path: string) => (given: string, index: number) =>
      issues.push({ file, path: path.replace('#', String(index)), message: 'is declared twice', given });
    const listed = (file: string, path: string) => (given: string, index: number) =>
      issues.push({ file, path: path.replace('#', String(index)), message: 'is listed twice', given });

    const platformFile = parsed.files.platform;
    const biUsers = parsed.platform?.snowflake.biServiceUsers ?? [];
    const bi = declared(platformFile, 'snowflake.biServiceUsers[#].name');
    duplicates(
      biUsers,
      (u) => u.name,
      (u, _first, i) => bi(u.name, i),
    );

    for (const { file, team } of parsed.teams) {
      const sf = team.snowflake;
      const schema = declared(file, 'snowflake.schemas[#].name');
      duplicates(
        sf.schemas,
        (s) => s.name,
        (s, _first, i) => schema(s.name, i),
      );
      const warehouse = declared(file, 'snowflake.warehouses[#].name');
      duplicates(
        sf.warehouses,
        (w) => w.name,
        (w, _first, i) => warehouse(w.name, i),
      );
      const user = declared(file, 'snowflake.serviceUsers[#].name');
      duplicates(
        sf.serviceUsers,
        (u) => u.name,
        (u, _first, i) => user(u.name, i),
      );
      const member = listed(file, 'snowflake.members[#]');
      duplicates(
        sf.members,
        (m) => m,
        (m, _first, i) => member(m, i),
      );
      const repository = declared(file, 'aws.ecrRepositories[#].name');
      duplicates(
        team.aws.ecrRepositories,
        (r) => r.name,
        (r, _first, i) => repository(r.name, i),
      );
      const project = listed(file, 'aws.circleciProjectIds[#]');
      duplicates(
        team.aws.circleciProjectIds,
        (p) => p,
        (p, _first, i) => project(p, i),
      );
    }
    return issues;
  },
};
