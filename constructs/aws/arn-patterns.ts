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
    const [x, y] = [a[i], b[j]]; // undefined past the end
    if (x === undefined && y === undefined) result = '';
    else if (x === '*' || y === '*') {
      // A star matches nothing (advance past it) or swallows one character of the other side.
      if (x === '*') result = go(i + 1, j);
      if (result === null && y === '*') result = go(i, j + 1);
      if (result === null && x === '*' && y !== undefined && y !== '*') {
        const rest = go(i, j + 1);
        if (rest !== null) result = charOf(y) + rest;
      }
      if (result === null && y === '*' && x !== undefined && x !== '*') {
        const rest = go(i + 1, j);
        if (rest !== null) result = charOf(x) + rest;
      }
    } else if (x !== undefined && y !== undefined && (x === y || x === '?' || y === '?')) {
      const rest = go(i + 1, j + 1);
      if (rest !== null) result = (x === '?' ? charOf(y) : x) + rest;
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0) ?? undefined;
}

function charOf(c: string): string {
  return c === '?' ? 'x' : c;
}
