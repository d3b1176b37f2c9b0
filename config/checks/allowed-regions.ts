/** Every environment runs in one of the platform's allowed regions (the SCP denies the others). */
import type { ConfigIssue } from '../errors';
import type { ConfigCheck } from './check';

export const allowedRegions: ConfigCheck = {
  name: 'allowed-regions',
  run: ({ parsed }) => {
    const platform = parsed.platform;
    if (!platform) return [];
    const issues: ConfigIssue[] = [];
    for (const e of parsed.environments) {
      if (!platform.aws.allowedRegions.includes(e.aws.region)) {
        issues.push({
          file: parsed.files.environments,
          path: `${e.name}.aws.region`,
          message: "is not in the platform's allowed regions",
          given: e.aws.region,
          allowed: platform.aws.allowedRegions.join(', '),
          fix: `use an allowed region or add it to aws.allowedRegions in ${parsed.files.platform}`,
        });
      }
    }
    return issues;
  },
};
