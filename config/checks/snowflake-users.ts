/**
 * The users the pipeline deploys as, and the users monitors notify: a deploy user per environment (two environments
 * in one account cannot share one, nor use the account-admin user as their deploy user), notify users listed once,
 * and notify users only where a monitor has notify thresholds.
 */
import type { ConfigIssue } from '../errors';
import { type ConfigCheck, duplicates } from './check';

export const snowflakeUsers: ConfigCheck = {
  name: 'snowflake-users',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    const envFile = parsed.files.environments;
    const account = (e: (typeof parsed.environments)[number]) =>
      `${e.snowflake.organizationName}.${e.snowflake.accountName}`;
    duplicates(
      parsed.environments,
      (e) => `${account(e)}/${e.snowflake.deployUser.name}`,
      (e, other) =>
        issues.push({
          file: envFile,
          path: `${e.name}.snowflake.deployUser.name`,
          message: `is also the deploy user of environment "${other.name}" in the same Snowflake account ${account(e)}: each environment needs its own, holding only its own administration roles`,
          given: e.snowflake.deployUser.name,
          fix: `name it after the environment, e.g. ${e.name.toUpperCase().replace(/-/g, '_')}_TERRAFORM_DEPLOYER`,
        }),
    );
    for (const e of parsed.environments) {
      const admins = parsed.environments
        .filter((x) => account(x) === account(e))
        .map((x) => x.snowflake.accountAdminUser);
      if (admins.includes(e.snowflake.deployUser.name)) {
        issues.push({
          file: envFile,
          path: `${e.name}.snowflake.deployUser.name`,
          message: `is the account-admin user of ${account(e)}: the deploy user must not hold ACCOUNTADMIN`,
          given: e.snowflake.deployUser.name,
          fix: 'use a separate user for each (docs/snowflake.md, "Deploy identities")',
        });
      }
    }

    const platform = parsed.platform;
    if (!platform) return issues;
    const monitor = platform.guardrails.resourceMonitor;
    const listedTwice = (file: string, path: string, names: readonly string[]) =>
      duplicates(
        names,
        (n) => n,
        (n, _first, i) => issues.push({ file, path: `${path}[${i}]`, message: 'is listed twice', given: n }),
      );
    const notifiesNobody = (file: string, path: string, names: readonly string[]) => {
      if (names.length > 0 && monitor.notifyPercents.length === 0) {
        issues.push({
          file,
          path,
          message: `names users to notify, but no monitor notifies anyone: ${parsed.files.platform} guardrails.resourceMonitor.notifyPercents is empty`,
          given: names,
          fix: 'add notify thresholds (e.g. notifyPercents: [75, 90]) or remove the users',
        });
      }
    };
    listedTwice(parsed.files.platform, 'guardrails.resourceMonitor.notifyUsers', monitor.notifyUsers);
    notifiesNobody(parsed.files.platform, 'guardrails.resourceMonitor.notifyUsers', monitor.notifyUsers);
    for (const { file, team } of parsed.teams) {
      listedTwice(file, 'snowflake.notifyUsers', team.snowflake.notifyUsers);
      notifiesNobody(file, 'snowflake.notifyUsers', team.snowflake.notifyUsers);
    }
    return issues;
  },
};
