/** AWS facts that names and ARNs depend on, wherever they are built (config naming, constructs, guardrails, stacks). */

/** The partitions ARNs can name. */
export const AWS_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type AwsPartition = (typeof AWS_PARTITIONS)[number];

/** `aws`, `aws-cn` or `aws-us-gov`: ARNs of an account's resources must use the partition of its region. */
export function awsPartition(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
