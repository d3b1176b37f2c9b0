/**
 * A team's name matches its file, and no two teams have the same name, or names that differ only by "-" (they
 * would become confusable Snowflake and AWS names).
 */
import type { ConfigIssue } from '../errors';
import { type ConfigCheck, duplicates } from './check';

export const teamNames: ConfigCheck = {
  name: 'team-names',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    for (const { file, team } of parsed.teams) {
      const stem = file.replace(/^.*\//, '').replace(/\.[jt]s$/, '');
      if (team.name !== stem) {
        issues.push({
          file,
          path: 'name',
          message: 'must match the file name',
          given: team.name,
          allowed: JSON.stringify(stem),
          fix: `rename the file to config/teams/${team.name}.ts or set name: '${stem}'`,
        });
      }
    }
    duplicates(
      parsed.teams,
      (t) => t.team.name,
      (t, other) =>
        issues.push({
          file: t.file,
          path: 'name',
          message: `is also the name of the team in ${other.file}`,
          given: t.team.name,
          fix: 'team names must be unique; pick another name',
        }),
    );
    duplicates(
      parsed.teams,
      (t) => t.team.name.replace(/[-_]/g, ''),
      (t, other) => {
        if (t.team.name === other.team.name) return;
        issues.push({
          file: t.file,
          path: 'name',
          message: `collides with team "${other.team.name}" (${other.file}) once "-" is dropped: their Snowflake and AWS names would be confused`,
          given: t.team.name,
          fix: 'pick a clearly different name',
        });
      },
    );
    return issues;
  },
};
