/** The tags every AWS resource carries, set once per stack through the provider's default tags. */
export function defaultTags(
  stack: string,
  environment: string,
  team: string,
  costCenter: string,
): Record<string, string> {
  return { team, environment, 'cost-center': costCenter, 'managed-by': 'cdktf', stack };
}

export const REQUIRED_TAG_KEYS = ['team', 'environment', 'cost-center', 'managed-by', 'stack'] as const;
