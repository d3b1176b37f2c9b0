/**
 * Terraform resource types that hold data (or a whole account of it): deleting or replacing one loses it. The
 * deletion-protection guardrail and the review's blockers both mean this list.
 */
export const DATA_BEARING_TYPES: readonly string[] = [
  'snowflake_database',
  'snowflake_schema',
  'aws_s3_bucket',
  'aws_ecr_repository',
  'aws_organizations_account',
];

export function isDataBearing(type: string): boolean {
  return DATA_BEARING_TYPES.includes(type);
}
