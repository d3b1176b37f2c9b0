export * from './datasets';
export * from './define';
export * from './errors';
export * from './load';
export type * from './model';
export * from './naming';
export * from './schema';
export type * from './sources';
export * from './validate';
