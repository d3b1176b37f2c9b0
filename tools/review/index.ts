/** The plan review as a library (the GitHub client, github.ts, is ESM-only: import it lazily). */
export * from './allow';
export * from './cli';
export * from './cost';
export * from './github-target';
export * from './model';
export * from './plan-json';
export * from './render';
export * from './resource-kinds';
export * from './text-diff';
export * from './values';
