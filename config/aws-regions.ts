/**
 * The AWS regions there are, offline: `@aws-cdk/region-info` (Apache-2.0, released with every AWS CDK release).
 * Its small `aws-entities` module is read by deep path: the package root loads about 5 MB of service facts (0.5 s);
 * test/config/aws-regions.test.ts checks that both give the same regions.
 */
import { AWS_REGIONS, partitionInformation } from '@aws-cdk/region-info/lib/aws-entities';
import { AWS_PARTITIONS } from '../domain/aws';

export { AWS_REGIONS };

/** The package the list comes from, for messages ("update it if AWS launched the region recently"). */
export const AWS_REGIONS_SOURCE = '@aws-cdk/region-info';

/** Regions of the partitions the platform builds ARNs for (domain/aws.ts): not aws-iso*, not aws-eusc. */
export const SUPPORTED_AWS_REGIONS: readonly string[] = AWS_REGIONS.filter((r) =>
  (AWS_PARTITIONS as readonly string[]).includes(partitionInformation(r).partition),
);

/** The partition region-info gives a known region. */
export function regionPartition(region: string): string {
  return partitionInformation(region).partition;
}
