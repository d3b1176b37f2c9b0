export * from './define';
export * from './errors';
export * from './load';
export * from './naming';
export * from './schema';
export * from './validate';
