/**
 * Per-environment values (`{ default: ..., prod: ... }`) name only configured environments, and cover every
 * environment (directly or with `default`).
 */
import { isRecord } from '../../domain/json';
import type { ConfigIssue } from '../errors';
import { closest } from '../issues/suggest';
import type { ConfigCheck } from './check';

function check(issues: ConfigIssue[], file: string, path: string, value: unknown, envNames: readonly string[]): void {
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  for (const key of keys) {
    if (key !== 'default' && !envNames.includes(key)) {
      const guess = closest(key, envNames);
      issues.push({
        file,
        path: `${path}.${key}`,
        message: `"${key}" is not an environment${guess ? ` (did you mean "${guess}"?)` : ''}`,
        given: key,
        allowed: ['default', ...envNames].join(', '),
      });
    }
  }
  const missing = envNames.filter((e) => !keys.includes(e));
  if (!keys.includes('default') && missing.length) {
    issues.push({
      file,
      path,
      message: `has no value for ${missing.join(', ')}`,
      given: value,
      fix: 'add those environments or a "default"',
    });
  }
}

export const perEnvironmentKeys: ConfigCheck = {
  name: 'per-environment-keys',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    const envNames = parsed.declaredEnvironmentNames;
    const bi = parsed.platform?.snowflake.biWarehouse;
    if (bi) {
      check(issues, parsed.files.platform, 'snowflake.biWarehouse.size', bi.size, envNames);
      check(issues, parsed.files.platform, 'snowflake.biWarehouse.monthlyCreditQuota', bi.monthlyCreditQuota, envNames);
    }
    for (const { file, team } of parsed.teams) {
      for (const [i, w] of team.snowflake.warehouses.entries()) {
        const at = `snowflake.warehouses[${i}]`;
        check(issues, file, `${at}.size`, w.size, envNames);
        check(issues, file, `${at}.monthlyCreditQuota`, w.monthlyCreditQuota, envNames);
        check(issues, file, `${at}.maxClusterCount`, w.maxClusterCount, envNames);
      }
    }
    return issues;
  },
};
