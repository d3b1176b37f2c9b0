/**
 * The direction of dependencies (docs/architecture.md), checked on every import of the project's own code, type-only
 * imports included: domain/ imports only domain/ (no package), config/ only domain/, cdktf-internals/ nothing of ours, constructs/
 * never config/, stacks/ or tools/;
 * and no module imports itself through others (an import cycle).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const LAYERS = ['domain', 'config', 'cdktf-internals', 'constructs', 'stacks', 'tools', 'bootstrap', 'bench'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return dir === 'config' && e.name === 'teams' ? [] : sourceFiles(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Repository-relative `.ts` file an import of `from` resolves to, or undefined for a package. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.join(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')])
    if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

const files = [...LAYERS.flatMap(sourceFiles), 'main.ts'];
const imports = new Map<string, { specifier: string; file?: string }[]>(
  files.map((file) => {
    const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, false);
    return [file, info.importedFiles.map((i) => ({ specifier: i.fileName, file: resolveImport(file, i.fileName) }))];
  }),
);
const layerOf = (file: string) => file.split(path.sep)[0];

describe('the direction of dependencies', () => {
  it('finds the layers', () => {
    expect(files.filter((f) => layerOf(f) === 'domain').length).toBeGreaterThan(3);
    expect(files.filter((f) => layerOf(f) === 'config').length).toBeGreaterThan(10);
  });

  it('domain/ imports nothing but domain/ (no package, no other layer): it is pure data and types', () => {
    const found = files
      .filter((f) => layerOf(f) === 'domain')
      .flatMap((f) =>
        imports
          .get(f)!
          .filter((i) => !i.file || layerOf(i.file) !== 'domain')
          .map((i) => `${f} -> ${i.specifier}`),
      );
    expect(found).toEqual([]);
  });

  it.each([
    ['config', ['config', 'domain']],
    ['constructs', ['constructs', 'domain', 'cdktf-internals']],
    ['cdktf-internals', ['cdktf-internals']],
  ])('%s/ imports only %j of ours', (layer, allowed) => {
    const found = files
      .filter((f) => layerOf(f) === layer)
      .flatMap((f) =>
        imports
          .get(f)!
          .filter((i) => i.file && !allowed.includes(layerOf(i.file)))
          .map((i) => `${f} -> ${i.file}`),
      );
    expect(found).toEqual([]);
  });

  it('has no import cycles (type-only imports count: they tie the modules together just the same)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const { file: next } of imports.get(file) ?? []) {
        if (!next || !imports.has(next)) continue;
        if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
