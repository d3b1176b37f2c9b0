/** A small line diff (longest common subsequence) rendered like `diff -u`, for policy and attribute before/after. */

export interface DiffLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** Above this many cells the LCS table is not built: everything before is removed, everything after added. */
const MAX_CELLS = 4_000_000;

export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  // Common prefix and suffix first: most documents differ in a few lines.
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  const head = before.slice(0, start).map((text) => ({ op: ' ' as const, text }));
  const tail = before.slice(endB).map((text) => ({ op: ' ' as const, text }));
  const b = before.slice(start, endB);
  const a = after.slice(start, endA);
  let middle: DiffLine[];
  if (b.length * a.length > MAX_CELLS) {
    middle = [...b.map((text) => ({ op: '-' as const, text })), ...a.map((text) => ({ op: '+' as const, text }))];
  } else {
    // lcs[i][j] = LCS length of b[i..] and a[j..], stored row-major.
    const width = a.length + 1;
    const lcs = new Uint32Array((b.length + 1) * width);
    // Only cells of the table are read (i <= b.length, j <= a.length): the 0 is never used.
    const cell = (i: number, j: number) => lcs[i * width + j] ?? 0;
    for (let i = b.length - 1; i >= 0; i--) {
      for (let j = a.length - 1; j >= 0; j--) {
        lcs[i * width + j] = b[i] === a[j] ? cell(i + 1, j + 1) + 1 : Math.max(cell(i + 1, j), cell(i, j + 1));
      }
    }
    middle = [];
    let i = 0;
    let j = 0;
    for (;;) {
      const [x, y] = [b[i], a[j]]; // undefined past the end of its side
      if (x !== undefined && x === y) {
        middle.push({ op: ' ', text: x });
        i++;
        j++;
      } else if (y !== undefined && (x === undefined || cell(i, j + 1) >= cell(i + 1, j))) {
        middle.push({ op: '+', text: y });
        j++;
      } else if (x !== undefined) {
        middle.push({ op: '-', text: x });
        i++;
      } else break;
    }
    // Removals before additions inside each changed run reads better ("- old", "+ new").
    middle = reorderRuns(middle);
  }
  return [...head, ...middle, ...tail];
}

function reorderRuns(lines: DiffLine[]): DiffLine[] {
  const out: DiffLine[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.op === '-') removed.push(line);
    else if (line.op === '+') added.push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out;
}

/**
 * The diff as text for a ```diff block: changed lines with `context` unchanged lines around them, `@@ … @@`
 * between distant hunks. Every line keeps a two-character prefix so GitHub colours it. A hunk that starts inside
 * a multi-line value names the attribute it is in (the last unindented line before it), like `diff -p`.
 */
export function formatDiff(lines: readonly DiffLine[], context = 3): string {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, i) => {
    if (line.op === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const out: string[] = [];
  let skipped = 0;
  let heading: string | undefined;
  const fold = (n: number, where?: string) =>
    `@@ ${n} unchanged line${n === 1 ? '' : 's'} @@${where ? ` ${where}` : ''}`;
  lines.forEach((line, i) => {
    const topLevel = line.op !== '+' && !/^\s/.test(line.text) && line.text !== '';
    if (!keep[i]) {
      skipped++;
      if (topLevel) heading = line.text;
      return;
    }
    if (skipped > 0) out.push(fold(skipped, /^\s/.test(line.text) ? heading : undefined));
    skipped = 0;
    out.push(`${line.op} ${line.text}`);
    if (topLevel) heading = line.text;
  });
  if (skipped > 0 && out.length > 0) out.push(fold(skipped));
  return out.join('\n');
}

export function hasChanges(lines: readonly DiffLine[]): boolean {
  return lines.some((l) => l.op !== ' ');
}
