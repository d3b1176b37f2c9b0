/**
 * Settings that need a higher Snowflake edition than the environment's account has: Time Travel over 1 day,
 * multi-cluster warehouses, materialized views (domain/snowflake-editions.ts, domain/snowflake-privileges.ts). And
 * environments sharing an account agree on its edition.
 */
import { EDITION_LIMITS, editionIncludes } from '../../domain/snowflake-editions';
import { SCHEMA_OBJECT_TYPES, SCHEMA_WORKLOADS } from '../../domain/snowflake-privileges';
import type { ConfigIssue } from '../errors';
import type { ConfigCheck } from './check';

export const snowflakeEdition: ConfigCheck = {
  name: 'snowflake-edition',
  run: ({ parsed, model }) => {
    if (!model) return [];
    const issues: ConfigIssue[] = [];
    // A team field wrong in several environments (dev and staging share a Standard account) is reported once.
    const reported = new Set<string>();
    const once = (issue: ConfigIssue) => {
      const key = `${issue.file}|${issue.path}`;
      if (!reported.has(key)) issues.push(issue);
      reported.add(key);
    };
    const envFile = parsed.files.environments;
    const platformFile = model.platform.file;
    const parsedEnv = new Map(parsed.environments.map((e) => [e.name, e]));
    const parsedTeam = new Map(parsed.teams.map((t) => [t.file, t.team]));

    const firstOfAccount = new Map<string, { env: string; edition: string }>();
    for (const env of model.environments) {
      const sf = env.snowflake;
      const first = firstOfAccount.get(sf.account);
      if (first && first.edition !== sf.edition) {
        issues.push({
          file: envFile,
          path: `${env.name}.snowflake.edition`,
          message: `differs from environment "${first.env}", which shares the Snowflake account ${sf.account}: an account has one edition`,
          given: sf.edition,
          allowed: first.edition,
          fix: `declare the account's real edition in both environments`,
        });
      } else if (!first) firstOfAccount.set(sf.account, { env: env.name, edition: sf.edition });

      const limits = EDITION_LIMITS[sf.edition];
      const edition = `edition ${sf.edition} (${env.name}.snowflake.edition)`;
      const retention = env.protection.dataRetentionTimeInDays;
      if (retention > limits.maxDataRetentionDays) {
        issues.push({
          file: envFile,
          path: `${env.name}.protection`,
          message: `"${env.protection.level}" keeps ${retention} days of Time Travel (${platformFile} protectionLevels.${env.protection.level}), but ${edition} allows at most ${limits.maxDataRetentionDays}`,
          given: env.protection.level,
          allowed: `a protection level of at most ${limits.maxDataRetentionDays} day(s), or edition ENTERPRISE`,
          fix: 'declare the account as ENTERPRISE (if it is), or pick a protection level this edition supports',
        });
      }
      const defaults = parsedEnv.get(env.name)?.defaults.maxClusterCount ?? 1;
      if (defaults > limits.maxClusterCount) {
        issues.push({
          file: envFile,
          path: `${env.name}.defaults.maxClusterCount`,
          message: `needs multi-cluster warehouses, which ${edition} does not have`,
          given: defaults,
          allowed: `at most ${limits.maxClusterCount}`,
          fix: `set it to ${limits.maxClusterCount}, or declare the account as ENTERPRISE (if it is)`,
        });
      }

      for (const team of env.teams) {
        const definition = parsedTeam.get(team.file);
        if (!definition) continue;
        for (const [i, w] of definition.snowflake.warehouses.entries()) {
          const resolved = team.snowflake.warehouses.find((x) => x.key === w.name);
          // A value inherited from the environment's defaults is reported there, once.
          if (w.maxClusterCount === undefined || !resolved || resolved.maxClusterCount <= limits.maxClusterCount)
            continue;
          once({
            file: team.file,
            path: `snowflake.warehouses[${i}].maxClusterCount`,
            message: `is ${resolved.maxClusterCount} in ${env.name}, but ${edition} has single-cluster warehouses only`,
            given: w.maxClusterCount,
            allowed: `at most ${limits.maxClusterCount} in ${env.name}`,
            fix: `use a per-environment value, e.g. { default: 1, prod: ${resolved.maxClusterCount} } where prod is ENTERPRISE`,
          });
        }
        for (const [i, s] of definition.snowflake.schemas.entries()) {
          const needing = s.workloads.filter((w) =>
            SCHEMA_WORKLOADS[w].some((t) => !editionIncludes(sf.edition, SCHEMA_OBJECT_TYPES[t].edition)),
          );
          if (needing.length === 0) continue;
          once({
            file: team.file,
            path: `snowflake.schemas[${i}].workloads`,
            message: `${needing.map((w) => `"${w}"`).join(', ')} needs edition ENTERPRISE, but the team deploys to ${env.name}, whose account has ${edition}`,
            given: s.workloads,
            allowed: `workloads without ${needing.join(', ')} in an environment of edition ${sf.edition}`,
            fix: `remove ${needing.join(', ')}, or deploy the team only to ENTERPRISE environments (environments: [...])`,
          });
        }
      }
    }
    return issues;
  },
};
