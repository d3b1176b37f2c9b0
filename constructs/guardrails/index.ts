export * from './aspect';
export * from './attributes';
export * from './engine';
export * from './policy';
export * from './report';
export * from './rules';
export * from './suppressions';
export * from './types';
