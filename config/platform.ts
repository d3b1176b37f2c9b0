/** Organization-wide settings: owned by the data-infrastructure team. */
import { definePlatform } from './define';

export default definePlatform({
  namePrefix: 'acme-dp',
  costCenter: 'data-platform',
  aws: {
    managementAccountId: '000000000000',
    managementRegion: 'eu-west-1',
    organizationRootId: 'r-abcd', // placeholder: `aws organizations list-roots` in the management account
    allowedRegions: ['eu-west-1', 'eu-central-1'],
    memberAccountRoleName: 'OrganizationAccountAccessRole',
    iamUserAccessToBilling: 'DENY',
    serviceControlPolicies: {
      denyLeaveOrganization: true,
      protectSecurityServices: true,
      requireEbsEncryption: true,
      restrictRegions: true,
      denyRootUser: true,
    },
  },
  stateBackend: { bucket: 'acme-dp-terraform-state', region: 'eu-west-1', keyPrefix: 'data-platform' },
  circleci: {
    organizationId: '67683ad4-0030-4295-8d78-98f14a533081',
    projectId: '7ea39fe3-d3cd-4fa1-ab34-fb10d88a714e',
  },
  github: { owner: 'acme', repository: 'data-platform-infra' },
  snowflake: {
    biWarehouse: {
      size: { default: 'XSMALL', prod: 'SMALL' },
      monthlyCreditQuota: { default: 20, prod: 300 },
    },
    biServiceUsers: [
      {
        name: 'LOOKER',
        comment: 'Looker connection (BI dashboards)',
        rsaPublicKey:
          'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuVZzlzHeGsJhni+5OYUTPdVT1cj6/RtCdh0dsLoTI6f8SvTTYDZpo0zIimNZVfkahuzBJliUcfbQ53bw0HZQIrteEPO5+tTb2yB13nLTdaSSlzsyLj2osDybdfB5DbQLH402qysSQ7dVHRTFpaoy6jdYiYMX/cafbl5GH1M5zKn0VGw0RYMT/enIdrwel5maczQyjANOUPEUIxBdcS0xCuR5E4fvzpyRVQxT4n9Xaval0C9WkC6M5S0/6FC75y3YL6VISNww6qQwNYXYSJ0xmatPAtdZ8U80xfnXmALhnIpec7pCmfdA7tCKaw3n/RStCgyF7zFoW/6da3/N4o07wwIDAQAB',
      },
    ],
  },
  guardrails: {
    maxAutoSuspendSeconds: 600,
    // notifyUsers: exact names from SHOW USERS (case matters); each needs a verified email address in Snowflake.
    resourceMonitor: {
      notifyPercents: [75, 90],
      suspendPercent: 100,
      suspendImmediatePercent: 110,
      notifyUsers: ['data-platform-oncall@example.com'],
    },
  },
  protectionLevels: {
    standard: { dataRetentionTimeInDays: 1, preventDestroy: false },
    strict: { dataRetentionTimeInDays: 7, preventDestroy: true },
  },
  ecr: { keepTaggedImages: 30, untaggedExpiryDays: 7 },
  suppressions: [],
});
