/**
 * Stacks stand alone: every reference points into the same stack. Cross-stack references would make a stack read
 * another stack's state to plan; the platform shares deterministic names instead. The platform's stacks also skip
 * cdktf's preparing pass, whose only job is wiring cross-stack references (cdktf-internals/self-contained-stack.ts): a reference
 * to another stack would then be written as a dangling address, and this rule is what refuses it.
 */
import { isRecord } from '../../../domain/json';
import { quote } from '../attributes';
import type { Rule, Violation } from '../types';

/** `aws_iam_role.ci` or `data.aws_caller_identity.current` at the start of a traversal (types contain `_`). */
const REFERENCE = /(?<![\w.$-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g;

/** The `${ … }` interpolations of a Terraform string (`$${` is an escaped literal), braces balanced. */
export function interpolations(value: string): string[] {
  const out: string[] = [];
  for (let i = value.indexOf('${'); i !== -1; i = value.indexOf('${', i + 2)) {
    if (i > 0 && value[i - 1] === '$') continue;
    let depth = 0;
    let end = i + 1;
    for (; end < value.length; end++) {
      if (value[end] === '{') depth++;
      else if (value[end] === '}' && --depth === 0) break;
    }
    out.push(value.slice(i + 2, end));
    i = end - 1;
  }
  return out;
}

/** Addresses (`type.name`, `data.type.name`) that `value` references, anywhere in its strings. */
export function referencedAddresses(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (!value.includes('${')) return found;
    for (const expression of interpolations(value)) {
      for (const m of expression.matchAll(REFERENCE)) found.add(`${m[1] ?? ''}${m[2]}.${m[3]}`);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) referencedAddresses(v, found);
  } else if (isRecord(value)) {
    for (const v of Object.values(value)) referencedAddresses(v, found);
  }
  return found;
}

export const terraformLocalReferences: Rule = {
  id: 'terraform-local-references',
  level: 'error',
  unsuppressible: true,
  description:
    'Every reference (`${type.name…}`, `depends_on`) names a resource or data source of the same stack: stacks share names, never cross-stack references.',
  fix: "derive the name or ARN the same way in both stacks instead of reading another stack's attribute, and declare a stack dependency for the order",
  check: ({ stack }) => {
    const declared = new Set(stack.elements.filter((e) => e.kind !== 'provider').map((e) => e.address));
    const out: Violation[] = [];
    for (const element of stack.elements) {
      const dependsOn = Array.isArray(element.config.depends_on)
        ? element.config.depends_on.filter((d): d is string => typeof d === 'string')
        : [];
      const { depends_on: _ignored, ...rest } = element.config;
      const refs = [...referencedAddresses(rest), ...dependsOn.map((d) => d.replace(/^\$\{(.*)\}$/, '$1'))];
      const missing = [...new Set(refs.filter((a) => !declared.has(a)))];
      if (missing.length)
        out.push({
          element,
          message: `${element.address} references ${missing.map(quote).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not in stack ${quote(stack.stackName)}`,
        });
    }
    return out;
  },
};
