/**
 * What became of one stack's plan, as `npm run plan` records it (the plans' index.json) and the review reads it:
 * planned, failed, or skipped (e.g. a provider that is not available offline).
 */
export const PLAN_STATUSES = ['planned', 'failed', 'skipped'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
