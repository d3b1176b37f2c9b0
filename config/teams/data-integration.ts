/** Data integration: lands raw data from sources and publishes curated, foundational datasets for other teams. */
import { defineTeam } from '../define';

export default defineTeam({
  name: 'data-integration',
  description: 'Ingests source systems and publishes curated foundational datasets.',
  owners: ['maria.garcia@example.com', 'data-integration@example.com'],
  costCenter: 'CC-1001',
  snowflake: {
    schemas: [
      // workloads: what the schema holds besides tables and views (stages and pipes for loading files, ...).
      { name: 'RAW', comment: 'Landed as-is from sources', workloads: ['ingestion'] },
      { name: 'STAGING', comment: 'Cleaned and typed' },
      { name: 'CURATED', comment: 'Foundational datasets other teams read', workloads: ['transformation'] },
    ],
    warehouses: [
      {
        name: 'INGEST',
        size: { default: 'XSMALL', prod: 'SMALL' },
        monthlyCreditQuota: { default: 20, prod: 150 },
        autoSuspendSeconds: 60,
      },
      {
        name: 'TRANSFORM',
        size: { default: 'XSMALL', prod: 'MEDIUM' },
        monthlyCreditQuota: { default: 20, prod: 300 },
        maxClusterCount: { default: 1, prod: 2 },
        statementTimeoutSeconds: 7200,
      },
    ],
    serviceUsers: [
      {
        name: 'INGEST_SVC',
        comment: 'Ingestion pipeline',
        rsaPublicKey:
          'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqwyT2Tsx1lxd50wWLrSuCBt1QXOrj3pLqnmYj90EdUs9RWUxLY5ErHjKhnt62KJaJatJwgT2FtMhSb/Nwdthlhd1hP+E+Zvyqu8GSMpjihZBYyAFNDxrPf/8i+XC5dFk3H+PA93OahT9MQv+1LIpu/RKmqmeQR62qFQTW9GAew7uBhKgMS9LJO0LYkWQhEcfZXT9tnonMsPed/ESHaN7BgzvkonMioWM2XR8Tw+xQPqswDFUYE+97nnpg/C0onxMrwkeLtBMbg5Av4Ouzvzto1H4Dz+GaM5ASIEjC4iiHA4MCeBKxWJP1v36C+YjZs3bgGAmKMM/U7w4fEZdcl3G7wIDAQAB',
        defaultWarehouse: 'INGEST',
      },
    ],
    members: ['MARIA.GARCIA@EXAMPLE.COM'],
  },
  aws: {
    ecrRepositories: [{ name: 'ingest-worker' }, { name: 'dbt-runner', keepTaggedImages: 50 }],
    dataBucket: { noncurrentVersionExpirationDays: 30 },
    circleciProjectIds: ['717a4849-cf69-46d7-a5f1-085972892bad'],
  },
});
