/** Small readers over resolved Terraform JSON: blocks may be an object or a list, references are `${...}` strings. */
import { isRecord } from '../../domain/json';
import type { ElementView, RuleScope, StackView } from './types';

export type Json = Record<string, unknown>;

/** A nested block as a list: cdktf writes single blocks as objects and repeated ones as arrays. */
export function blocks(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function resources(stack: StackView, type: string): ElementView[] {
  return stack.elements.filter((e) => e.kind === 'resource' && e.type === type);
}

/** Per stack list, the resources of the same AWS account by `<account> <type>`: built once, not once per stack. */
const accountIndex = new WeakMap<readonly StackView[], Map<string, ElementView[]>>();

/**
 * Resources of `type` in the AWS account of `scope.stack`, from every stack of the synthesis that deploys there (its
 * own stack always included). Rules for account-wide settings use it; indexing keeps them linear in the stack count.
 */
export function accountResources(scope: RuleScope, type: string): ElementView[] {
  const own = resources(scope.stack, type);
  const account = scope.stack.context.awsAccountId;
  if (account === undefined) return own;
  let index = accountIndex.get(scope.allStacks);
  if (!index) accountIndex.set(scope.allStacks, (index = new Map()));
  const key = `${account} ${type}`;
  let found = index.get(key);
  if (!found) {
    found = scope.allStacks.filter((s) => s.context.awsAccountId === account).flatMap((s) => resources(s, type));
    index.set(key, found);
  }
  return scope.allStacks.includes(scope.stack) ? found : [...own, ...found];
}

/** A literal value (no unresolved Terraform expression in it), or undefined. */
export function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

/** Whether `value` references `target` (e.g. `${aws_s3_bucket.x.id}`) or equals one of its literal attributes. */
export function refersTo(value: unknown, target: ElementView, literalAttributes: readonly string[] = []): boolean {
  if (typeof value !== 'string') return false;
  const prefix = target.kind === 'data' ? `data.${target.type}.${target.name}.` : `${target.type}.${target.name}.`;
  if (value.includes(`\${${prefix}`)) return true;
  return literalAttributes.some((a) => {
    const v = literal(target.config[a]);
    return v !== undefined && v === value;
  });
}

/** The element a whole-value reference such as `${aws_iam_role.ci.name}` points to, if it is in this stack. */
export function referencedElement(
  stack: StackView,
  value: unknown,
): { element: ElementView; attribute: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const [, data, type, name, attribute] = /^\$\{(data\.)?([a-z0-9_]+)\.([^.}\s]+)\.([a-z0-9_]+)\}$/.exec(value) ?? [];
  if (attribute === undefined) return undefined;
  const kind = data ? 'data' : 'resource';
  const element = stack.elements.find((e) => e.kind === kind && e.type === type && e.name === name);
  return element ? { element, attribute } : undefined;
}

/** The literal name an attribute holds, directly or through a reference to a resource's `name`/`id`. */
export function resolveName(stack: StackView, value: unknown, nameAttribute = 'name'): string | undefined {
  const direct = literal(value);
  if (direct !== undefined) return direct;
  const ref = referencedElement(stack, value);
  if (ref && (ref.attribute === nameAttribute || ref.attribute === 'id' || ref.attribute === 'name'))
    return literal(ref.element.config[nameAttribute]);
  return undefined;
}

/** Snowflake names may come quoted (`"\"ACCOUNTADMIN\""`); compare them unquoted and upper-cased. */
export function snowflakeName(value: unknown): string | undefined {
  const v = literal(value);
  return v === undefined ? undefined : v.replace(/^"(.*)"$/, '$1').toUpperCase();
}

export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
