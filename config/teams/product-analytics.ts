/** Product analytics: builds company metrics on curated data and feeds BI tools. */
import { defineTeam } from '../define';

export default defineTeam({
  name: 'product-analytics',
  description: 'Company metrics and BI models built on curated data.',
  owners: ['li.wei@example.com'],
  costCenter: 'CC-2002',
  snowflake: {
    schemas: [
      { name: 'STAGING', comment: 'Intermediate models', workloads: ['transformation'] },
      { name: 'METRICS', comment: 'Company metrics, published to BI', publishToBi: true },
    ],
    warehouses: [
      {
        name: 'ANALYTICS',
        size: { default: 'XSMALL', prod: 'SMALL' },
        monthlyCreditQuota: { default: 15, prod: 120 },
        autoSuspendSeconds: 120,
      },
    ],
    reads: ['data-integration.CURATED'],
    serviceUsers: [
      {
        name: 'DBT_SVC',
        comment: 'dbt Cloud job runner',
        rsaPublicKey:
          'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArnNYE8ek+TesWu1RA8Da5Po3+9sqYlpQLA2n7mkUxTOF8bqZq+HoCzm1a4tI6b1PRn+BoMQHfkambJUobwNg4WIOI4g5xI4I2DXvWDStx6KSBgD3rsVD2xhZjU8w1Jzc5QWsMr4PD3i3B99w6q4rxqXls1FYSkSWUuRZ5qtLhWzdaai4sKJHsdKgdZP/GY1e5zFNoFJBScQ6hL3+5K9pMp6j7nNL91QH3in4Tt3Zu7TjPhtkFUyC0gB0f/3ZG3faa13cb/DcAqn8GqhVODG/bylE7++jUV0Se7K8kpb3DIg+JBiNf0j7oGPpxDhpWddNfmyHeuShilSFnvS00TRg6QIDAQAB',
        defaultWarehouse: 'ANALYTICS',
      },
    ],
    members: ['LI.WEI@EXAMPLE.COM', 'SAM.OKAFOR@EXAMPLE.COM'],
    // Emailed when a warehouse reaches a notify threshold of its monthly quota (exact SHOW USERS names).
    notifyUsers: ['LI.WEI@EXAMPLE.COM'],
  },
  aws: {
    circleciProjectIds: ['8ce643d4-0e05-4c95-a171-a509f85c107f'],
  },
});
