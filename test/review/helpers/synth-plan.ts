/** Moved to tools/review/synth-plan.ts (npm run preview uses it); kept so existing test imports keep working. */
export * from '../../../tools/review/synth-plan';
