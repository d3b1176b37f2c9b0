/** Telehealth: a product team that ships containerised services and reads product metrics. */
import { defineTeam } from '../define';

export default defineTeam({
  name: 'telehealth',
  description: 'Video-visit product: ships call-quality services and reads curated and metrics data.',
  owners: ['ada.nwosu@example.com'],
  costCenter: 'CC-3003',
  snowflake: {
    schemas: [
      { name: 'EVENTS', comment: 'Call events from the product', workloads: ['ingestion'] },
      { name: 'MODELS' },
    ],
    warehouses: [{ name: 'APP', monthlyCreditQuota: { default: 10, prod: 60 } }],
    reads: ['data-integration.CURATED', 'product-analytics.METRICS'],
    serviceUsers: [
      {
        name: 'EVENTS_LOADER',
        rsaPublicKey:
          'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1CfNzv2LGd2aYDRWb+hl+BsWi8wMQEATyGKRCvxWCdOlgVhiWkZhAVPiHq3RMXMc7DNxn+dNXxnDVpGWm57zgjnqmZ08Ce60XyAA8QNMrWCfV0VZz9UuDguFby6+vwjGUqYX+ZwGYV3kZB4MSa431A166yqlh0jKMZfVDBFD4mGooffOyOnhQ2FbYo0yWqbFWaK8DLRrJhbiSAT8HTXogY4bx7hBTXQmHYU+0aC7NvGeyXlHvLCO2YygNnJkbJ29mjlhQwO6IBgEC6i7Q/mrZqVOvSY4gcFmeB3h9Iyj8I055Tt8oTzlfgN3E19woF8Z2NZ4p1p09aFJ6xSkfrVYgQIDAQAB',
        allowedIpList: ['203.0.113.10/32'],
      },
    ],
    members: ['ADA.NWOSU@EXAMPLE.COM'],
  },
  aws: {
    ecrRepositories: [{ name: 'call-quality-api' }, { name: 'call-quality-worker' }],
    dataBucket: { noncurrentVersionExpirationDays: 14 },
    circleciProjectIds: ['5ea0336c-2d1c-4dbd-964e-071aec7e26ae', '5441050e-27eb-4880-bf0a-bd2c3a14b55d'],
  },
});
