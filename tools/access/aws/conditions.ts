/**
 * The Condition element, as the IAM User Guide documents it ("IAM JSON policy elements: Condition operators",
 * "Single-valued vs. multivalued context keys", "Policy variables"):
 * - several operators in a block, and several keys under an operator, must all be true (AND); several values of one
 *   key are alternatives (OR) — for a negated operator (StringNotEquals...) the context value must match none;
 * - a key missing from the request makes a positive operator false and a negated one true; `...IfExists` makes
 *   any operator true for a missing key; `Null` tests presence;
 * - `ForAnyValue:` (some context value satisfies it; false for a missing key) and `ForAllValues:` (every context
 *   value does; true for a missing key or an empty set) for multivalued keys;
 * - policy variables `${key}` (and `${key, 'default'}`, `${*}`, `${?}`, `${$}`) in values, in version 2012-10-17.
 * Operators this evaluator does not implement (Date*, IpAddress, BinaryEquals, ...) are refused when the policy is
 * compiled, so a policy is never evaluated as if such a condition were true or false.
 */
import { arnMatches, globMatch, LITERAL_QUESTION, LITERAL_STAR, literalInPattern, literalValue } from './iam-match';

/**
 * The request context with lower-cased keys (condition keys are case-insensitive). A key given as a list is
 * multivalued (aws:TagKeys, aws:CalledVia...), one given as a string single-valued.
 */
export type Context = ReadonlyMap<string, { readonly values: readonly string[]; readonly multi: boolean }>;

export function contextOf(values: Readonly<Record<string, string | readonly string[]>>): Context {
  const out = new Map<string, { values: readonly string[]; multi: boolean }>();
  for (const [k, v] of Object.entries(values))
    out.set(k.toLowerCase(), typeof v === 'string' ? { values: [v], multi: false } : { values: [...v], multi: true });
  return out;
}

/** A policy that uses grammar this evaluator does not implement, or is not a valid policy: never evaluated. */
export class UnsupportedPolicyError extends Error {
  constructor(
    readonly policy: string,
    readonly problem: string,
  ) {
    super(`${policy}: ${problem}`);
    this.name = 'UnsupportedPolicyError';
  }
}

type Compare = (policyValue: string, contextValue: string) => boolean;

const number = (s: string) => (/^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s) ? Number(s) : NaN);
const numeric =
  (test: (a: number, b: number) => boolean): Compare =>
  (p, c) => {
    const [a, b] = [number(c), number(p)];
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };

/** Base operators: how one policy value matches one context value, and whether the operator is negated. */
const OPERATORS: Readonly<Record<string, { readonly compare: Compare; readonly negated: boolean }>> = {
  StringEquals: { compare: (p, c) => literalValue(p) === c, negated: false },
  StringNotEquals: { compare: (p, c) => literalValue(p) === c, negated: true },
  StringEqualsIgnoreCase: { compare: (p, c) => literalValue(p).toLowerCase() === c.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { compare: (p, c) => literalValue(p).toLowerCase() === c.toLowerCase(), negated: true },
  StringLike: { compare: (p, c) => globMatch(p, c), negated: false },
  StringNotLike: { compare: (p, c) => globMatch(p, c), negated: true },
  ArnEquals: { compare: (p, c) => arnMatches(p, c), negated: false },
  ArnLike: { compare: (p, c) => arnMatches(p, c), negated: false },
  ArnNotEquals: { compare: (p, c) => arnMatches(p, c), negated: true },
  ArnNotLike: { compare: (p, c) => arnMatches(p, c), negated: true },
  NumericEquals: { compare: numeric((a, b) => a === b), negated: false },
  NumericNotEquals: { compare: numeric((a, b) => a === b), negated: true },
  NumericLessThan: { compare: numeric((a, b) => a < b), negated: false },
  NumericLessThanEquals: { compare: numeric((a, b) => a <= b), negated: false },
  NumericGreaterThan: { compare: numeric((a, b) => a > b), negated: false },
  NumericGreaterThanEquals: { compare: numeric((a, b) => a >= b), negated: false },
  Bool: { compare: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: false },
};

/** Operators whose values may hold policy variables. */
const WITH_VARIABLES = /^(String|Arn)/;

/** Operator names this evaluator implements (with `IfExists` and the set prefixes), for messages and docs. */
export const SUPPORTED_OPERATORS: readonly string[] = [...Object.keys(OPERATORS), 'Null'];

interface CompiledTest {
  /** The operator as written (`StringLikeIfExists`, `ForAnyValue:StringEquals`). */
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly test: (context: Context) => boolean;
}

export type CompiledCondition = readonly CompiledTest[];

/** `${key}` -> its single value (literal in a pattern), `${key, 'default'}`, the escapes; undefined: unresolved. */
export function substitute(value: string, context: Context): string | undefined {
  if (!value.includes('${')) return value;
  let unresolved = false;
  const out = value.replace(/\$\{([^}]*)\}/g, (_m, inner: string) => {
    const body = inner.trim();
    if (body === '*') return LITERAL_STAR;
    if (body === '?') return LITERAL_QUESTION;
    if (body === '$') return '$';
    // `key, 'default'`: both groups take part in a match (the default may be empty).
    const [, keyBeforeDefault, defaultValue] = /^([^,\s]+)\s*,\s*'([^']*)'$/.exec(body) ?? [];
    const key = (keyBeforeDefault ?? body).toLowerCase();
    // Only a single-valued key can be a variable (IAM User Guide, "Single-valued vs. multivalued context keys").
    const entry = context.get(key);
    const [single, ...more] = entry && !entry.multi ? entry.values : [];
    if (single !== undefined && more.length === 0) return literalInPattern(single);
    if (defaultValue !== undefined) return literalInPattern(defaultValue);
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

function stringValues(raw: unknown, where: string, policy: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new UnsupportedPolicyError(policy, `${where}: value ${JSON.stringify(v)} is not a string, number or boolean`);
  });
}

/** Compiles a statement's Condition block; throws UnsupportedPolicyError for an operator it does not implement. */
export function compileCondition(block: unknown, policy: string, where: string, variables: boolean): CompiledCondition {
  if (block === undefined) return [];
  if (typeof block !== 'object' || block === null || Array.isArray(block))
    throw new UnsupportedPolicyError(policy, `${where}: Condition is not an object`);
  const tests: CompiledTest[] = [];
  for (const [operatorName, byKey] of Object.entries(block as Record<string, unknown>)) {
    const at = `${where}: condition operator ${operatorName}`;
    // No match for an empty name or one with a line break ('.' does not match it): no operator of AWS's.
    const [, set, base, ifExists] = /^(ForAnyValue:|ForAllValues:)?(.+?)(IfExists)?$/.exec(operatorName) ?? [];
    if (base === undefined)
      throw new UnsupportedPolicyError(
        policy,
        `${where}: condition operator ${JSON.stringify(operatorName)} is not a condition operator`,
      );
    if (typeof byKey !== 'object' || byKey === null || Array.isArray(byKey))
      throw new UnsupportedPolicyError(policy, `${at}: expected an object of condition keys`);
    if (base === 'Null') {
      if (set || ifExists) throw new UnsupportedPolicyError(policy, `${at} is not a valid operator`);
      for (const [key, raw] of Object.entries(byKey as Record<string, unknown>)) {
        const values = stringValues(raw, at, policy).map((v) => v.toLowerCase());
        if (values.some((v) => v !== 'true' && v !== 'false'))
          throw new UnsupportedPolicyError(policy, `${at}: ${key} must be "true" or "false"`);
        const k = key.toLowerCase();
        tests.push({
          operator: operatorName,
          key,
          values,
          test: (c) => {
            const absent = (c.get(k)?.values.length ?? 0) === 0;
            return values.some((v) => (v === 'true') === absent);
          },
        });
      }
      continue;
    }
    const op = OPERATORS[base];
    if (!op)
      throw new UnsupportedPolicyError(
        policy,
        `${at} is not implemented by this evaluator (it implements ${SUPPORTED_OPERATORS.join(', ')}, with IfExists and ForAnyValue:/ForAllValues:); the policy is not evaluated`,
      );
    const withVariables = variables && WITH_VARIABLES.test(base);
    for (const [key, raw] of Object.entries(byKey as Record<string, unknown>)) {
      const values = stringValues(raw, at, policy);
      if (!withVariables && variables && values.some((v) => v.includes('${')))
        throw new UnsupportedPolicyError(
          policy,
          `${at}: policy variables are only implemented in String and Arn operators`,
        );
      if (base === 'Bool' && values.some((v) => !/^(true|false)$/i.test(v)))
        throw new UnsupportedPolicyError(policy, `${at}: ${key} must be "true" or "false"`);
      const k = key.toLowerCase();
      const resolved = (c: Context) =>
        withVariables ? values.map((v) => substitute(v, c)).filter((v): v is string => v !== undefined) : values;
      /** One context value satisfies the operator (for a negated one: matches none of the values). */
      const one = (c: Context, v: string) => {
        const any = resolved(c).some((p) => op.compare(p, v));
        return op.negated ? !any : any;
      };
      tests.push({
        operator: operatorName,
        key,
        values,
        test: (c) => {
          const entry = c.get(k);
          const present = entry?.values ?? [];
          if (set === 'ForAllValues:') return present.every((v) => one(c, v));
          if (set === 'ForAnyValue:') return present.some((v) => one(c, v));
          if (entry?.multi)
            throw new UnsupportedPolicyError(
              policy,
              `${at} on ${key}: the request gives it as a multivalued key, which needs ForAnyValue: or ForAllValues: (AWS defines no single-valued operator on a multivalued key), so this is not evaluated`,
            );
          const [value] = present;
          if (value === undefined) return ifExists ? true : op.negated;
          return one(c, value);
        },
      });
    }
  }
  return tests;
}

export function conditionHolds(condition: CompiledCondition, context: Context): boolean {
  return condition.every((t) => t.test(context));
}
