/**
 * Every place the project relies on cdktf beyond its documented API, in one directory, so that an upgrade or the
 * move to the fork (cdktn) has one list to re-check. Loading any of them asserts the cdktf version they were written
 * for (version.ts). Each has a canary test in test/cdktf-internals/ that fails when the installed cdktf no longer
 * behaves as the patch needs; the README ("cdktf's sunset and the migration path") says what each one costs if it
 * breaks.
 *
 * 1. token-stack-traces.ts    no stack trace per token (a private module's function replaced)
 * 2. compact-elements.ts      undefined attributes dropped before cdktf resolves them (base-class prototypes wrapped)
 * 3. self-contained-stack.ts  cdktf's preparing pass skipped (`prepareStack` overridden)
 * 4. synthesized-json.ts      a stack's synthesized JSON kept for the guardrails (`toTerraform` wrapped per stack)
 * 5. stand-in-stack.ts        a dependency that is only a name in the manifest (a stack removed from the tree)
 * 6. manifest.ts              shard manifests merged as cdktf writes its own (its file layout and JSON writer)
 *
 * Nothing here imports project code: stacks/ and constructs/ both import from here.
 */
export { compactElementOutput, withoutUndefined } from './compact-elements';
export { MANIFEST_FILE, type Manifest, readManifest, STACKS_DIR, writeMergedManifest } from './manifest';
export { SelfContainedStack } from './self-contained-stack';
export { standInStack } from './stand-in-stack';
export { onSynthesizedJson } from './synthesized-json';
export { disableTokenStackTraces } from './token-stack-traces';
export { ALLOW_CDKTF_VERSION_ENV, checkCdktfVersion, WRITTEN_FOR } from './version';
