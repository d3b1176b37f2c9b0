/** Deletion protection: in strict environments Terraform refuses to destroy anything that holds data. */
import { isObject, isTrue, literal, quote } from '../attributes';
import type { Rule, Violation } from '../types';

/** Terraform types that hold data (or a whole account of it): deleting one loses it. */
export const DATA_BEARING_TYPES = [
  'snowflake_database',
  'snowflake_schema',
  'aws_s3_bucket',
  'aws_ecr_repository',
  'aws_organizations_account',
];

export const deletionProtection: Rule = {
  id: 'deletion-protection',
  level: 'error',
  unsuppressible: true,
  description: `In strict environments every data-bearing resource (${DATA_BEARING_TYPES.join(', ')}) has lifecycle.prevent_destroy.`,
  fix: 'set lifecycle { prevent_destroy = true } on the resource (constructs do this when their deletion-protection prop is on)',
  check: ({ stack }) => {
    const strict = stack.context.strict ?? false;
    const accounts = stack.context.protectedAccountNames ?? [];
    const out: Violation[] = [];
    for (const e of stack.elements.filter((x) => x.kind === 'resource' && DATA_BEARING_TYPES.includes(x.type))) {
      const protectedHere =
        strict || (e.type === 'aws_organizations_account' && accounts.includes(literal(e.config.name) ?? ''));
      if (!protectedHere) continue;
      const lifecycle = isObject(e.config.lifecycle) ? e.config.lifecycle : {};
      if (!isTrue(lifecycle.prevent_destroy)) {
        const name = literal(e.config.name) ?? literal(e.config.bucket);
        out.push({ element: e, message: `${e.type}${name ? ` ${quote(name)}` : ''} has no lifecycle.prevent_destroy` });
      }
    }
    return out;
  },
};
