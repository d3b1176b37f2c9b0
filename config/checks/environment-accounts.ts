/** Every environment has an AWS account of its own: its own id and email, and never the management account. */
import type { ConfigIssue } from '../errors';
import { type ConfigCheck, duplicates } from './check';

export const environmentAccounts: ConfigCheck = {
  name: 'environment-accounts',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    const file = parsed.files.environments;
    duplicates(
      parsed.environments,
      (e) => e.aws.accountId,
      (e, other) =>
        issues.push({
          file,
          path: `${e.name}.aws.accountId`,
          message: `is also the account of environment "${other.name}": every environment needs its own AWS account`,
          given: e.aws.accountId,
        }),
    );
    duplicates(
      parsed.environments,
      (e) => e.aws.accountEmail.toLowerCase(),
      (e, other) =>
        issues.push({
          file,
          path: `${e.name}.aws.accountEmail`,
          message: `is also the email of environment "${other.name}": AWS requires a unique email per account`,
          given: e.aws.accountEmail,
        }),
    );
    const management = parsed.platform?.aws.managementAccountId;
    for (const e of parsed.environments) {
      if (management !== undefined && e.aws.accountId === management) {
        issues.push({
          file,
          path: `${e.name}.aws.accountId`,
          message: 'is the management account: workloads must run in member accounts',
          given: e.aws.accountId,
        });
      }
    }
    return issues;
  },
};
