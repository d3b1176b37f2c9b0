/**
 * IAM resource patterns (`*` = any run of characters, `/` included; `?` = exactly one): whether two patterns can
 * match the same ARN, and an example of one. Used to prove that one role's state keys can never be another's.
 */

/** Whether `pattern` matches `value` (taken literally) the way IAM matches a Resource element (case-sensitive). */
export function arnPatternMatches(pattern: string, value: string): boolean {
  const re = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`, 's').test(value);
}

/**
 * A string both patterns match, or undefined when no string does. Exhaustive (memoized over positions), so
 * `undefined` is a proof that the patterns are disjoint.
 */
export function patternsIntersection(a: string, b: string): string | undefined {
  const memo = new Map<number, string | null>();
  const go = (i: number, j: number): string | null => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: string | null = null;
    if (i === a.length && j === b.length) result = '';
    else if (a[i] === '*' || b[j] === '*') {
      // A star matches nothing (advance past it) or swallows one character of the other side.
      if (a[i] === '*') result = go(i + 1, j);
      if (result === null && b[j] === '*') result = go(i, j + 1);
      if (result === null && a[i] === '*' && j < b.length && b[j] !== '*') {
        const rest = go(i, j + 1);
        if (rest !== null) result = charOf(b[j]) + rest;
      }
      if (result === null && b[j] === '*' && i < a.length && a[i] !== '*') {
        const rest = go(i + 1, j);
        if (rest !== null) result = charOf(a[i]) + rest;
      }
    } else if (i < a.length && j < b.length && (a[i] === b[j] || a[i] === '?' || b[j] === '?')) {
      const rest = go(i + 1, j + 1);
      if (rest !== null) result = (a[i] === '?' ? charOf(b[j]) : a[i]) + rest;
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0) ?? undefined;
}

function charOf(c: string): string {
  return c === '?' ? 'x' : c;
}
