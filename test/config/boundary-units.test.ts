/**
 * Units of the config boundary that the catalogue does not reach through a config file: the region list read by
 * deep path (a canary against the package's public API), the S3 check of generated bucket names (no valid prefix
 * can break it today), and what the private-key scan must leave alone.
 */
import { RegionInfo } from '@aws-cdk/region-info';
import { readConfigSources, validateConfig } from '../../config';
import { AWS_REGIONS, SUPPORTED_AWS_REGIONS } from '../../config/aws-regions';
import { s3BucketNames } from '../../config/checks/s3-bucket-names';
import { scanForPrivateKeys } from '../../config/keys';
import { parseSources } from '../../config/parse';
import { syntheticRsaPublicKey } from '../../bench/synthetic-keys';
import { CERTIFICATE_BODY, testKeys } from './catalogue/harness';

describe('AWS regions', () => {
  it("are @aws-cdk/region-info's regions (its small module, read by deep path, and its public API agree)", () => {
    expect([...AWS_REGIONS].sort()).toEqual(RegionInfo.regions.map((r) => r.name).sort());
    expect(AWS_REGIONS).toEqual(expect.arrayContaining(['eu-west-1', 'us-east-1', 'cn-north-1', 'us-gov-west-1']));
  });

  it('the platform builds for the aws, aws-cn and aws-us-gov partitions only', () => {
    const partitions = new Set(SUPPORTED_AWS_REGIONS.map((r) => RegionInfo.get(r).partition));
    expect([...partitions].sort()).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
  });
});

describe('s3-bucket-names over generated names', () => {
  it('reports a generated name S3 would refuse, once per team and rule, at the team', () => {
    const sources = readConfigSources().sources;
    const result = validateConfig(sources);
    if (!result.ok) throw new Error('example must be valid');
    const model = structuredClone(result.config) as any;
    for (const env of model.environments)
      for (const team of env.teams)
        if (team.name === 'telehealth') team.aws.dataBucket.bucketName = `acme..${env.name}-telehealth-data`;
    const issues = s3BucketNames.run({ sources, parsed: parseSources(sources).parsed, model, options: {} });
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'config/teams/telehealth.ts',
        path: 'aws.dataBucket',
        message: expect.stringContaining('which S3 refuses: it must not contain two adjacent periods'),
      }),
    ]);
  });
});

describe('the private-key scan leaves alone', () => {
  it('public keys, certificates, the words "private key", and base64 that is no key', () => {
    const text = [
      '// Never paste a PRIVATE KEY or a private key here.',
      `// rsaPublicKey: '${syntheticRsaPublicKey('scan')}'`,
      `const k = '${testKeys().ecPublic}';`,
      `/* ${CERTIFICATE_BODY} */`,
      `const id = '${Buffer.alloc(90, 1).toString('base64')}';`,
    ].join('\n');
    expect(scanForPrivateKeys(text)).toEqual([]);
  });

  it("but finds a body glued from string pieces and '\\n' escapes, at the line it starts", () => {
    const lines = testKeys().rsaPkcs1Body.match(/.{1,64}/g)!;
    const text = `const a = 1;\nconst k =\n  '${lines.slice(0, 3).join("' +\n  '")}';\nconst e = '${lines.slice(0, 2).join('\\n')}';`;
    expect(scanForPrivateKeys(text)).toEqual([
      { line: 3, what: expect.stringContaining('PKCS#1') },
      { line: 6, what: expect.stringContaining('PKCS#1') },
    ]);
  });
});
