/** Moved to tools/preview/seed-state.ts (npm run preview uses it); kept so existing test imports keep working. */
export * from '../../../tools/preview/seed-state';
