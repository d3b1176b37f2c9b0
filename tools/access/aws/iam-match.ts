/**
 * IAM's string matching, as AWS documents it (IAM User Guide, "IAM JSON policy elements": Action, Resource,
 * Condition operators):
 * - actions: `service:Name` with `*` and `?` wildcards, case-insensitive;
 * - ARNs (the Resource element, ArnEquals/ArnLike): the six colon-separated parts are matched one by one, each with
 *   `*`/`?` wildcards that never cross a colon (the resource part, the sixth, keeps any colons it has), case-sensitive;
 * - StringLike: `*`/`?` over the whole value, case-sensitive.
 * Compiled patterns are cached: the same few hundred patterns are matched many thousand times.
 */

const globCache = new Map<string, RegExp>();

/**
 * A literal `*` and `?` inside a pattern (from a policy variable's value or the `${*}`/`${?}` escapes): these
 * private-use characters never occur in ARNs, actions or condition values.
 */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

/** A context value spliced into a pattern: its `*` and `?` are literal. */
export function literalInPattern(value: string): string {
  return value.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QUESTION);
}

const hasLiterals = (s: string) => s.includes(LITERAL_STAR) || s.includes(LITERAL_QUESTION);
const unescapeLiterals = (s: string) => s.split(LITERAL_STAR).join('*').split(LITERAL_QUESTION).join('?');

/** `*` any run of characters, `?` one character, everything else literal; `i`: case-insensitive. */
export function globRegExp(pattern: string, caseInsensitive = false): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = globCache.get(key);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) =>
        c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : unescapeLiterals(c).replace(/[.*?+^${}()|[\]\\/-]/g, '\\$&'),
      )
      .join('');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
    globCache.set(key, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    const literal = hasLiterals(pattern) ? unescapeLiterals(pattern) : pattern;
    return caseInsensitive ? literal.toLowerCase() === value.toLowerCase() : literal === value;
  }
  return globRegExp(pattern, caseInsensitive).test(value);
}

/** `s3:GetObject` against `s3:Get*`, `S3:getobject`, `*`. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true);
}

/** An ARN's six parts: `arn`, partition, service, region, account, resource. */
export type ArnParts = readonly [string, string, string, string, string, string];

/** `arn:partition:service:region:account:resource` -> its six parts (the resource part keeps its colons). */
export function arnParts(value: string): ArnParts | undefined {
  const [arn, partition, service, region, account, ...resource] = value.split(':');
  if (arn !== 'arn' || partition === undefined || service === undefined || region === undefined) return undefined;
  if (account === undefined || resource.length === 0) return undefined; // fewer than five colons
  return [arn, partition, service, region, account, resource.join(':')];
}

/**
 * An ARN pattern (Resource element, ArnEquals/ArnLike value) against an ARN: part by part. `*` alone matches
 * anything, also a value that is not an ARN (a request for "*"); any other pattern matches only an ARN.
 */
export function arnMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const p = arnParts(pattern);
  const v = arnParts(value);
  if (!p || !v) return unescapeLiterals(pattern) === value;
  return p.every((part, i) => globMatch(part, v[i] ?? '')); // both have six parts: the '' is never used
}

/** A policy value compared for equality (StringEquals...): its literal-marked characters are plain characters. */
export function literalValue(value: string): string {
  return hasLiterals(value) ? unescapeLiterals(value) : value;
}
