/**
 * The environments. Account ids are placeholders until the `organization` stack has created the member accounts:
 * then copy the real ids here (docs/runbook.md, "First deploy order").
 */
import { defineEnvironments } from './define';

export default defineEnvironments({
  dev: {
    description: 'Sandbox for every team; data may be rebuilt at any time.',
    protection: 'standard',
    // Pipelines of any branch may deploy here, and images may be re-tagged (`latest` in a sandbox).
    ci: { deployFromMainOnly: false },
    ecr: { requireImmutableTags: false },
    aws: {
      accountId: '111111111111',
      accountName: 'data-platform-dev',
      accountEmail: 'aws-data-platform+dev@example.com',
      organizationalUnit: 'nonprod',
      region: 'eu-west-1',
    },
    // dev and staging share one Snowflake account, so their account-level names get a DEV_/STAGING_ prefix.
    snowflake: { organizationName: 'ACMEORG', accountName: 'ACME_NONPROD' },
    defaults: { warehouseSize: 'XSMALL', monthlyCreditQuota: 10, maxClusterCount: 1 },
  },
  staging: {
    description: 'Production-like; release candidates run here against sampled data.',
    protection: 'standard',
    ci: { deployFromMainOnly: false },
    ecr: { requireImmutableTags: true },
    aws: {
      accountId: '222222222222',
      accountName: 'data-platform-staging',
      accountEmail: 'aws-data-platform+staging@example.com',
      organizationalUnit: 'nonprod',
      region: 'eu-west-1',
    },
    snowflake: { organizationName: 'ACMEORG', accountName: 'ACME_NONPROD' },
    defaults: { warehouseSize: 'XSMALL', monthlyCreditQuota: 20, maxClusterCount: 1 },
  },
  prod: {
    description: 'Production: deletion protection and long Time Travel on everything that holds data.',
    protection: 'strict',
    // Only pipelines of the main branch (after review and merge) may assume roles here.
    ci: { deployFromMainOnly: true },
    ecr: { requireImmutableTags: true },
    aws: {
      accountId: '333333333333',
      accountName: 'data-platform-prod',
      accountEmail: 'aws-data-platform+prod@example.com',
      organizationalUnit: 'prod',
      region: 'eu-west-1',
    },
    snowflake: { organizationName: 'ACMEORG', accountName: 'ACME_PROD' },
    defaults: { warehouseSize: 'SMALL', monthlyCreditQuota: 100, maxClusterCount: 1 },
  },
});
