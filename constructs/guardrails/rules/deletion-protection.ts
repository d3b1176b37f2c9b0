/** Deletion protection: in strict environments Terraform refuses to destroy anything that holds data. */
import { isRecord } from '../../../domain/json';
import { DATA_BEARING_TYPES, isDataBearing } from '../../../domain/data-bearing-resources';
import { isTrue, literal, quote } from '../attributes';
import type { Rule, Violation } from '../types';

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
    for (const e of stack.elements.filter((x) => x.kind === 'resource' && isDataBearing(x.type))) {
      const protectedHere =
        strict || (e.type === 'aws_organizations_account' && accounts.includes(literal(e.config.name) ?? ''));
      if (!protectedHere) continue;
      const lifecycle = isRecord(e.config.lifecycle) ? e.config.lifecycle : {};
      if (!isTrue(lifecycle.prevent_destroy)) {
        const name = literal(e.config.name) ?? literal(e.config.bucket);
        out.push({ element: e, message: `${e.type}${name ? ` ${quote(name)}` : ''} has no lifecycle.prevent_destroy` });
      }
    }
    return out;
  },
};
