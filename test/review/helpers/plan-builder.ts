/**
 * Small plan JSON for unit tests of edge cases (sensitive values, drift, odd sizes). The behaviour on real plans is
 * tested in real-plans.test.ts (Terraform) and snowflake-review.test.ts (synthesized config).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlanAction, PlanJson, ResourceChange } from '../../../tools/review/index';

export function change(
  address: string,
  actions: PlanAction[],
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  extra: Partial<ResourceChange['change']> = {},
): ResourceChange {
  const [type, name] = address.split('.');
  return {
    address,
    mode: 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions,
      before,
      after,
      after_unknown: {},
      before_sensitive: before ? {} : false,
      after_sensitive: after ? {} : false,
      ...extra,
    },
  };
}

export function plan(changes: ResourceChange[], extra: Partial<PlanJson> = {}): PlanJson {
  return { format_version: '1.2', terraform_version: '1.11.4', resource_changes: changes, ...extra };
}

export function writePlans(dir: string, plans: Record<string, PlanJson>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [stack, p] of Object.entries(plans)) fs.writeFileSync(path.join(dir, `${stack}.json`), JSON.stringify(p));
  return dir;
}
