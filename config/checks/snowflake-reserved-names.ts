/**
 * Names used as Snowflake identifiers without a prefix are not Snowflake keywords (`SELECT`, `GROUP`...) and not the
 * schemas every database already has (INFORMATION_SCHEMA, PUBLIC): schema names, the deploy user, and databases and
 * BI users in an environment that has its Snowflake account to itself (no `DEV_` prefix there).
 */
import type { ConfigIssue } from '../errors';
import { SNOWFLAKE_RESERVED_KEYWORDS, SNOWFLAKE_RESERVED_SCHEMAS } from '../snowflake-reserved';
import type { ConfigCheck } from './check';

const keyword = (name: string) => SNOWFLAKE_RESERVED_KEYWORDS.includes(name);
const FIX_KEYWORD =
  'choose another name (a reserved word works only quoted, and breaks every query that forgets the quotes)';

export const snowflakeReservedNames: ConfigCheck = {
  name: 'snowflake-reserved-names',
  run: ({ parsed, model }) => {
    const issues: ConfigIssue[] = [];
    const reported = new Set<string>();
    const report = (issue: ConfigIssue) => {
      const key = `${issue.file} ${issue.path}`;
      if (!reported.has(key)) issues.push(issue);
      reported.add(key);
    };
    for (const { file, team } of parsed.teams) {
      for (const [i, s] of team.snowflake.schemas.entries()) {
        const path = `snowflake.schemas[${i}].name`;
        if (SNOWFLAKE_RESERVED_SCHEMAS.includes(s.name))
          report({
            file,
            path,
            message: `is a schema every Snowflake database already has (${SNOWFLAKE_RESERVED_SCHEMAS.join(', ')})`,
            given: s.name,
            fix: 'choose another name, e.g. CORE or MARTS',
          });
        else if (keyword(s.name))
          report({ file, path, message: 'is a Snowflake reserved keyword', given: s.name, fix: FIX_KEYWORD });
      }
    }
    // The users the pipeline signs in as are named verbatim in every environment (no prefix).
    for (const env of parsed.environments) {
      const users: [string, string][] = [
        [`${env.name}.snowflake.deployUser.name`, env.snowflake.deployUser.name],
        [`${env.name}.snowflake.accountAdminUser`, env.snowflake.accountAdminUser],
      ];
      for (const [path, name] of users)
        if (keyword(name))
          report({
            file: parsed.files.environments,
            path,
            message: 'is a Snowflake reserved keyword',
            given: name,
            fix: FIX_KEYWORD,
          });
    }
    for (const env of model?.environments ?? []) {
      for (const [i, u] of env.snowflake.biUsers.entries())
        if (keyword(u.name))
          report({
            file: parsed.files.platform,
            path: `snowflake.biServiceUsers[${i}].name`,
            message: `is a Snowflake reserved keyword, and environment "${env.name}" uses it unprefixed`,
            given: u.key,
            fix: FIX_KEYWORD,
          });
      for (const team of env.teams)
        if (keyword(team.snowflake.database))
          report({
            file: team.file,
            path: 'name',
            message: `makes the database name "${team.snowflake.database}" in environment "${env.name}", a Snowflake reserved keyword`,
            given: team.name,
            fix: 'choose another team name',
          });
    }
    return issues;
  },
};
