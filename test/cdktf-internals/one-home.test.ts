/**
 * cdktf-internals/ is the only place that reaches into cdktf beyond its documented API, so the list the fork
 * migration re-checks stays complete: no other source file may name a private cdktf path, patch a cdktf prototype,
 * replace a stack's toTerraform, override prepareStack, remove constructs from the tree or write cdktf's manifest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'cdktf.out', '.cache', '.git', 'coverage']);
const HOME = ['cdktf-internals', path.join('test', 'cdktf-internals')];

const INTERNALS: ReadonlyArray<[string, RegExp]> = [
  ['a private cdktf module', /['"]cdktf\/lib\//],
  ['a class prototype (other than Array and Object)', /\b(?!(?:Array|Object)\.prototype)\w+\.prototype\b/],
  ["a stack's toTerraform replaced", /\.toTerraform\s*=[^=]/],
  ['prepareStack', /\bprepareStack\b/],
  ['a construct removed from the tree', /\btryRemoveChild\b/],
  ["cdktf's manifest writer", /json-stable-stringify/],
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    const rel = path.relative(ROOT, p);
    if (entry.isDirectory()) return SKIP.has(entry.name) || HOME.includes(rel) ? [] : sourceFiles(p);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [rel] : [];
  });
}

describe('cdktf internals', () => {
  const files = sourceFiles(ROOT);

  it('the scan sees the project (stacks, constructs, tools, tests)', () => {
    for (const file of ['stacks/synth.ts', 'stacks/app.ts', 'constructs/guardrails/aspect.ts', 'main.ts'])
      expect(files).toContain(file);
  });

  it.each(INTERNALS)('are used only in cdktf-internals/: %s', (_what, pattern) => {
    const offenders = files.filter((file) => pattern.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('each pattern finds its patch in cdktf-internals/ (the scan would notice a use elsewhere)', () => {
    const home = fs
      .readdirSync(path.join(ROOT, 'cdktf-internals'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'cdktf-internals', f), 'utf8'))
      .join('\n');
    for (const [what, pattern] of INTERNALS) expect({ what, found: pattern.test(home) }).toEqual({ what, found: true });
  });
});
