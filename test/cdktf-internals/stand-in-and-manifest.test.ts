/**
 * Canaries for patches 5 and 6 (cdktf-internals/stand-in-stack.ts, manifest.ts): stacks synthesized in separate
 * apps, each depending on stacks of another app through stand-ins, and then merged, must give exactly the files one
 * app writes for all of them: every cdk.tf.json and the manifest, byte for byte. A stand-in itself is never written
 * but is still named as a dependency.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, DataResource, TerraformOutput, TerraformStack } from 'cdktf';
import { MANIFEST_FILE, readManifest, STACKS_DIR, standInStack, writeMergedManifest } from '../../cdktf-internals';
import { files, readJson, withDir } from './helpers';

/** Three stacks in deploy order; `b` depends on `a`, `c` on `a` and `b`. */
const SPECS: ReadonlyArray<{ name: string; dependsOn: string[] }> = [
  { name: 'a', dependsOn: [] },
  { name: 'b', dependsOn: ['a'] },
  { name: 'c', dependsOn: ['a', 'b'] },
];

/** Synthesizes the stacks named in `only` into `outdir`, the others standing in where they are depended on. */
function synth(outdir: string, only: ReadonlySet<string>): App {
  const app = new App({ outdir, stackTraces: false });
  const built = new Map<string, TerraformStack>();
  for (const { name } of SPECS.filter((s) => only.has(s.name))) {
    const stack = new TerraformStack(app, name);
    const data = new DataResource(stack, 'marker', { input: { name } });
    new TerraformOutput(stack, 'marker-id', { value: data.id });
    built.set(name, stack);
  }
  for (const { name, dependsOn } of SPECS.filter((s) => only.has(s.name))) {
    for (const dependency of dependsOn) {
      const target = built.get(dependency) ?? standInStack(app, dependency);
      built.set(dependency, target);
      built.get(name)!.addDependency(target);
    }
  }
  app.synth();
  return app;
}

describe('stand-in stacks and merged manifests', () => {
  it('a stand-in is named as a dependency in the manifest, but neither written nor part of the app', () => {
    withDir((outdir) => {
      const app = synth(outdir, new Set(['c']));
      expect(fs.readdirSync(path.join(outdir, STACKS_DIR))).toEqual(['c']);
      const manifest = readManifest(outdir);
      expect(Object.keys(manifest.stacks)).toEqual(['c']);
      expect((manifest.stacks.c as { dependencies: string[] }).dependencies).toEqual(['a', 'b']);
      expect(app.node.children.map((c) => c.node.id)).toEqual(['c']);
    });
  });

  it('shards merged give the files of one app, byte for byte, manifest included', () => {
    const single = withDir((outdir) => (synth(outdir, new Set(['a', 'b', 'c'])), files(outdir)));
    const merged = withDir((root) => {
      const shards = [new Set(['a', 'c']), new Set(['b'])].map((only, i) => {
        const dir = path.join(root, `shard-${i}`);
        synth(dir, only);
        return { dir, only };
      });
      const out = path.join(root, 'merged');
      fs.mkdirSync(path.join(out, STACKS_DIR), { recursive: true });
      for (const { dir, only } of shards)
        for (const name of only) fs.renameSync(path.join(dir, STACKS_DIR, name), path.join(out, STACKS_DIR, name));
      writeMergedManifest(
        out,
        shards.map((s) => readManifest(s.dir)),
      );
      return files(out);
    });
    expect([...merged.keys()]).toEqual([...single.keys()]);
    expect(single.has(MANIFEST_FILE)).toBe(true);
    for (const [file, content] of single)
      expect({ file, same: merged.get(file) === content }).toEqual({ file, same: true });
  });

  it('refuses to merge manifests of different cdktf versions', () => {
    withDir((outdir) => {
      expect(() =>
        writeMergedManifest(outdir, [
          { version: '0.21.0', stacks: {} },
          { version: '0.22.0', stacks: {} },
        ]),
      ).toThrow('can merge manifests of one cdktf version only, got [0.21.0, 0.22.0]');
      expect(fs.existsSync(path.join(outdir, MANIFEST_FILE))).toBe(false);
    });
  });

  it("the manifest's paths are relative to the output directory, so moving stacks keeps them valid", () => {
    withDir((outdir) => {
      synth(outdir, new Set(['a']));
      const entry = readJson(path.join(outdir, MANIFEST_FILE)).stacks.a;
      expect(entry.synthesizedStackPath).toBe(path.join(STACKS_DIR, 'a', 'cdk.tf.json'));
      expect(entry.workingDirectory).toBe(path.join(STACKS_DIR, 'a'));
    });
  });
});
