/**
 * Patch 5 of cdktf-internals: a stack that is only a name in the manifest.
 *
 * A synthesis shard builds only its own stacks, but a stack's manifest entry must still name the stacks it depends
 * on, some of which another shard builds. A stand-in is an empty TerraformStack of that name, removed from the app
 * at once: other stacks can depend on it, and since `App.synth()` only synthesizes the stacks it finds in its
 * construct tree, nothing of it is built, synthesized or written.
 *
 * Relies on: the manifest's `dependencies` of a stack being its dependencies' construct paths (`node.path`, which
 * survives the removal), and `App.synth()` finding stacks by walking the tree. If either changes, a stand-in either
 * loses the dependency or is written as an empty stack: test/cdktf-internals/stand-in-and-manifest.test.ts checks
 * both, and test/stacks/parallel-synth.test.ts the whole sharded synthesis.
 */
import { type App, TerraformStack } from 'cdktf';
import './version';

/** An empty stack called `name` that other stacks of `app` can depend on, and that is not part of `app`. */
export function standInStack(app: App, name: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  app.node.tryRemoveChild(name);
  return stack;
}
