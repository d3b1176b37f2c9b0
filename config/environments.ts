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
    // dev and staging share one Snowflake account, so their account-level names get a DEV_/STAGING_ prefix. Standard
    // edition: 1 day of Time Travel and single-cluster warehouses are all a sandbox needs.
    snowflake: {
      organizationName: 'ACMEORG',
      accountName: 'ACME_NONPROD',
      edition: 'STANDARD',
      // Holds only DEV_PLATFORM_ADMIN and DEV_PLATFORM_USERADMIN: it cannot touch staging's objects.
      deployUser: {
        name: 'DEV_TERRAFORM_DEPLOYER',
        rsaPublicKey:
          'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA60WVokRrJ7BU3jOB4BFTJRnKIRFoQ78LjsNWK+cv26f//3LnqQ5QEElSN4oNaxFA04N+tYiBXaWQVhC1umFki7vAWYF6nIdpThAnhwLBFxE9kF2oCWO4bq8258+MUjLaHTkBUX8jeFbHWV5yh0ZrJ7z7mjoQrBBHLRn/UlqC3n3TaGD+bpQExtrqp2Q1JyczGaxSlP3AFjzAdLZVqTz9w3RKzn5wk/bRbpgZko6zKvRWGHKNcNvZPGFCsUy0aYHNT48NDFrmHyNzLCANSObUG7nLRztiTDYnw/lqZDitdrcUSVVDP3l54WZAKAAfteVElymHNPO2mrtQjBE92yCbbQIDAQAB',
      },
      accountAdminUser: 'TERRAFORM_ACCOUNTADMIN',
    },
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
    snowflake: {
      organizationName: 'ACMEORG',
      accountName: 'ACME_NONPROD',
      edition: 'STANDARD',
      deployUser: {
        name: 'STAGING_TERRAFORM_DEPLOYER',
        rsaPublicKey:
          'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuNV0atSYmalcvPIonII4SQSH7cj7Ir8klhSrRQC8fG0S6c4YFEAJAFsSxwXGl5sfY7pTiy+RL/ARUyjEhQk7jU0pCr7jINebxcoiM699jiWsRsFTGfmtExxRlYLksUJyPqzhyPilEKTz3XwzgWJJ6yumTXMJ6nW+7r850PZGO43xX+S0EF3mRk8Q2pqXcnFnog1Zs4aFVJKcCj4nelFfklGcX1liyZ9mF2jbQDZE2jBIIPJGtRHgD5jgYIoSMNahUYx3/KEpbBTvurBpYNHhB3X5k0RyrJoUWFqJPsA7wFGnUZFAgiQrXMqNuGC4Az+EES3p7PvJ6N05K2SrX4EQ1QIDAQAB',
      },
      accountAdminUser: 'TERRAFORM_ACCOUNTADMIN',
    },
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
    // Enterprise edition: 7 days of Time Travel (protection "strict") and multi-cluster warehouses.
    snowflake: {
      organizationName: 'ACMEORG',
      accountName: 'ACME_PROD',
      edition: 'ENTERPRISE',
      deployUser: {
        name: 'PROD_TERRAFORM_DEPLOYER',
        rsaPublicKey:
          'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtTa8tv/jMjpNl8t3s8PMa0WzkveUr9qpzdNGgjr8AFLPvgl8s432fSLOgCr7PpPajY+3UUwXvn+ppT62EJCIHRVGHT9STQNZvkvHJDhLDs2icErZ2smTlTnT1V5tVnEKwS5RPKN3anGCaOVvZzoTWeGWey4ql2Q5jIXNBXqE1XfAKVhmwn2qikSGKJ6ARJ9Pbhx1pUxvbsG9oZtm6u2/Oh7HL4z2RX3xFuWV66resAieD/zpqGrK3cBHN6wvvW0gCtqFfZN0xi+BB7n/KI9sDMGByaCsVlXsQ9e7PmU+OEwEL1M4BI0hisF2kmswkPQqmhjQFhoE+x0AYeLmuShX7QIDAQAB',
      },
      accountAdminUser: 'TERRAFORM_ACCOUNTADMIN',
    },
    defaults: { warehouseSize: 'SMALL', monthlyCreditQuota: 100, maxClusterCount: 1 },
  },
});
