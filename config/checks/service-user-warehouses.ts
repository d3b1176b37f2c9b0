/** Every service user has a warehouse of its team to run queries on. */
import type { ConfigIssue } from '../errors';
import type { ConfigCheck } from './check';

export const serviceUserWarehouses: ConfigCheck = {
  name: 'service-user-warehouses',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    for (const { file, team } of parsed.teams) {
      const sf = team.snowflake;
      for (const [i, u] of sf.serviceUsers.entries()) {
        if (u.defaultWarehouse && !sf.warehouses.some((w) => w.name === u.defaultWarehouse)) {
          issues.push({
            file,
            path: `snowflake.serviceUsers[${i}].defaultWarehouse`,
            message: "is not one of this team's warehouses",
            given: u.defaultWarehouse,
            allowed: sf.warehouses.map((w) => w.name).join(', ') || '(none declared)',
          });
        }
        if (!u.defaultWarehouse && sf.warehouses.length === 0) {
          issues.push({
            file,
            path: `snowflake.serviceUsers[${i}]`,
            message: 'needs a warehouse to run queries, and the team declares none',
            fix: 'add a warehouse under snowflake.warehouses',
          });
        }
      }
    }
    return issues;
  },
};
