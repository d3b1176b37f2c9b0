/** The plan review as a library (the GitHub client, github.ts, is ESM-only: import it lazily). */
export * from './allow';
export * from './cli';
export * from './cost';
export * from './fit';
export * from './github-target';
export * from './lifecycle';
export * from './marker';
export * from './model';
export * from './plan-json';
export * from './render';
export * from './render-change';
export * from './resource-kinds';
export * from './sections';
export * from './synth-plan';
export * from './text-diff';
export * from './values';
