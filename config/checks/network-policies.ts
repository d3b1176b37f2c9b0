/**
 * A network policy that allows every address (`0.0.0.0/0`, any /0) is refused unless the service user says why, in
 * `allowAnyIp: { reason }` next to the list: a user's own network policy overrides the account's, so a /0 there
 * opens the user to the whole internet even where the account is locked down. A reason that allows nothing is
 * reported too (like an unused suppression).
 */
import type { ConfigIssue } from '../errors';
import { parseIpv4Range } from '../ip';
import type { ConfigCheck } from './check';

export const networkPolicies: ConfigCheck = {
  name: 'network-policies',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    for (const { file, team } of parsed.teams) {
      for (const [i, u] of team.snowflake.serviceUsers.entries()) {
        const at = `snowflake.serviceUsers[${i}]`;
        const open = (u.allowedIpList ?? []).flatMap((entry, j) => {
          const range = parseIpv4Range(entry);
          return range.ok && range.prefixLength === 0 ? [{ entry, j }] : [];
        });
        if (!u.allowAnyIp)
          for (const { entry, j } of open)
            issues.push({
              file,
              path: `${at}.allowedIpList[${j}]`,
              message:
                "allows every IPv4 address: this user's network policy would override the account's and open it to the whole internet",
              given: entry,
              allowed: 'the addresses or ranges the user really signs in from, e.g. 203.0.113.0/24',
              fix: `list the real ranges; if every address must be allowed, say why next to the list: allowAnyIp: { reason: '<why, who agreed>' }`,
            });
        if (u.allowAnyIp && open.length === 0)
          issues.push({
            file,
            path: `${at}.allowAnyIp`,
            message: 'is set, but allowedIpList has no /0 range for it to allow',
            fix: 'remove allowAnyIp',
          });
      }
    }
    return issues;
  },
};
