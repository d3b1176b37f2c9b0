/** Tag, S3 and ECR rules: each one violated and satisfied by a tiny stack of provider resources. */
import { EcrRegistryScanningConfiguration } from '@cdktf/provider-aws/lib/ecr-registry-scanning-configuration';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { TerraformStack } from 'cdktf';
import {
  awsRequiredTags,
  awsTagOverride,
  ecrImmutableTags,
  ecrNoForceDelete,
  ecrScanOnPush,
  s3Encryption,
  s3NoForceDestroy,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Versioning,
} from '../../constructs/guardrails';
import { REQUIRED_TAG_KEYS } from '../../stacks/tags';
import { bucket, findings, guard, messages, tlsOnlyPolicy } from './helpers';

const TAGS = {
  team: 'telehealth',
  environment: 'prod',
  'cost-center': 'CC-3003',
  'managed-by': 'cdktf',
  stack: 'prod-telehealth-aws',
};
const tagged = { requiredTagKeys: REQUIRED_TAG_KEYS };

function provider(stack: TerraformStack, tags: Record<string, string> = TAGS) {
  new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags }] });
}

describe('aws-required-tags', () => {
  it('passes when the provider sets every required tag and resources leave them alone', () => {
    expect(
      findings(
        awsRequiredTags,
        (s) => {
          provider(s);
          new S3Bucket(s, 'b', { bucket: 'x', tags: { purpose: 'data' } });
        },
        tagged,
      ),
    ).toEqual([]);
  });

  it('fails when the provider lacks a required default tag, naming the missing keys', () => {
    const { stack: _omitted, 'cost-center': _cc, ...rest } = TAGS;
    const found = findings(
      awsRequiredTags,
      (s) => {
        provider(s, rest);
        new S3Bucket(s, 'b', { bucket: 'x' });
      },
      tagged,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ruleId: 'aws-required-tags',
      level: 'error',
      path: 'test-stack/aws',
      address: 'provider.aws',
    });
    expect(found[0].message).toContain('"cost-center", "stack"');
  });

  it('fails when a resource blanks a required tag', () => {
    const found = findings(
      awsRequiredTags,
      (s) => {
        provider(s);
        new S3Bucket(s, 'b', { bucket: 'x', tags: { team: '' } });
      },
      tagged,
    );
    expect(found.map((f) => f.path)).toEqual(['test-stack/b']);
    expect(found[0].message).toContain('"team" to an empty value');
  });

  it('fails when AWS resources have no provider to tag them', () => {
    expect(
      messages(
        findings(
          awsRequiredTags,
          (s) => {
            new S3Bucket(s, 'b', { bucket: 'x' });
          },
          tagged,
        ),
      ),
    ).toEqual([expect.stringContaining('configures no AWS provider')]);
  });
});

describe('aws-tag-override (warning)', () => {
  it('warns when a resource overrides a required tag with another value', () => {
    const found = findings(
      awsTagOverride,
      (s) => {
        provider(s);
        new S3Bucket(s, 'b', { bucket: 'x', tags: { team: 'someone-else' } });
      },
      tagged,
    );
    expect(found).toEqual([expect.objectContaining({ level: 'warning', path: 'test-stack/b' })]);
    expect(found[0].message).toContain('"someone-else", overriding the provider default "telehealth"');
  });

  it('passes when the resource repeats the default value or sets other tags', () => {
    expect(
      findings(
        awsTagOverride,
        (s) => {
          provider(s);
          new S3Bucket(s, 'b', { bucket: 'x', tags: { team: 'telehealth', purpose: 'x' } });
        },
        tagged,
      ),
    ).toEqual([]);
  });
});

describe('S3 bucket rules', () => {
  it('all pass for a bucket with encryption, versioning, public access block and a TLS-only policy (tokens in the policy JSON)', () => {
    const report = guard(
      { name: 'test-stack', build: (s) => void bucket(s, 'data') },
      { rules: [s3Encryption, s3Versioning, s3PublicAccessBlock, s3TlsOnly] },
    );
    expect(report.errors).toEqual([]);
  });

  it('s3-encryption fails without an encryption configuration', () => {
    const found = findings(s3Encryption, (s) => void bucket(s, 'data', { encryption: false }));
    expect(found).toEqual([
      expect.objectContaining({ ruleId: 's3-encryption', path: 'test-stack/data', address: 'aws_s3_bucket.data' }),
    ]);
    expect(found[0].message).toBe('bucket "acme-data" has no server-side encryption configuration');
  });

  it('s3-versioning fails without versioning, and when versioning is suspended', () => {
    expect(messages(findings(s3Versioning, (s) => void bucket(s, 'data', { versioning: false })))).toEqual([
      'bucket "acme-data" has no versioning configuration',
    ]);
    const suspended = findings(s3Versioning, (s) => {
      const b = bucket(s, 'data', { versioning: false });
      new S3BucketVersioningA(s, 'v', { bucket: b.bucket, versioningConfiguration: { status: 'Suspended' } });
    });
    expect(messages(suspended)).toEqual(['bucket "acme-data" has versioning "Suspended", not "Enabled"']);
  });

  it('s3-versioning matches companions by the bucket name literal as well as by reference', () => {
    expect(
      findings(s3Versioning, (s) => {
        bucket(s, 'data', { versioning: false });
        new S3BucketVersioningA(s, 'v', { bucket: 'acme-data', versioningConfiguration: { status: 'Enabled' } });
      }),
    ).toEqual([]);
  });

  it('s3-public-access-block fails without a block or with one flag off', () => {
    expect(
      messages(findings(s3PublicAccessBlock, (s) => void bucket(s, 'data', { publicAccessBlock: false }))),
    ).toEqual(['bucket "acme-data" has no public access block']);
    const partial = findings(s3PublicAccessBlock, (s) => {
      const b = bucket(s, 'data', { publicAccessBlock: false });
      new S3BucketPublicAccessBlock(s, 'pab', {
        bucket: b.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: false,
      });
    });
    expect(messages(partial)).toEqual([
      'bucket "acme-data" does not block public access: restrict_public_buckets not true',
    ]);
  });

  it('s3-public-access-block accepts an account-wide block in a sibling stack of the same account', () => {
    const report = guard(
      [
        {
          name: 'team',
          context: { awsAccountId: '333333333333' },
          build: (s) => void bucket(s, 'data', { publicAccessBlock: false }),
        },
        {
          name: 'platform',
          context: { awsAccountId: '333333333333' },
          build: (s) =>
            void new S3AccountPublicAccessBlock(s, 'account', {
              blockPublicAcls: true,
              blockPublicPolicy: true,
              ignorePublicAcls: true,
              restrictPublicBuckets: true,
            }),
        },
      ],
      { rules: [s3PublicAccessBlock] },
    );
    expect(report.errors).toEqual([]);
  });

  it('s3-tls-only fails without a policy, and with a policy that does not deny plain HTTP on objects', () => {
    expect(messages(findings(s3TlsOnly, (s) => void bucket(s, 'data', { tlsPolicy: false })))).toEqual([
      'bucket "acme-data" has no bucket policy denying non-TLS requests',
    ]);
    const bucketOnly = findings(s3TlsOnly, (s) => {
      const b = bucket(s, 'data', { tlsPolicy: false });
      new S3BucketPolicy(s, 'p', { bucket: b.id, policy: tlsOnlyPolicy(b.arn, { Resource: [b.arn] }) });
    });
    expect(bucketOnly).toHaveLength(1);
    expect(bucketOnly[0].message).toContain('without a Deny of s3:* for everyone');
    const allowInstead = findings(s3TlsOnly, (s) => {
      const b = bucket(s, 'data', { tlsPolicy: false });
      new S3BucketPolicy(s, 'p', { bucket: b.id, policy: tlsOnlyPolicy(b.arn, { Effect: 'Allow' }) });
    });
    expect(allowInstead).toHaveLength(1);
  });

  it('s3-tls-only accepts a policy on literal ARNs', () => {
    expect(
      findings(s3TlsOnly, (s) => {
        const b = bucket(s, 'data', { tlsPolicy: false });
        new S3BucketPolicy(s, 'p', { bucket: b.id, policy: tlsOnlyPolicy('arn:aws:s3:::acme-data') });
      }),
    ).toEqual([]);
  });

  it('s3-no-force-destroy fails only in strict environments', () => {
    const build = (s: TerraformStack) => void bucket(s, 'data', {}, { forceDestroy: true });
    expect(messages(findings(s3NoForceDestroy, build, { strict: true }))).toEqual([
      'bucket "acme-data" sets force_destroy = true',
    ]);
    expect(findings(s3NoForceDestroy, build, { strict: false })).toEqual([]);
    expect(findings(s3NoForceDestroy, (s) => void bucket(s, 'data'), { strict: true })).toEqual([]);
  });
});

describe('ECR rules', () => {
  const repo =
    (props: Partial<ConstructorParameters<typeof EcrRepository>[2]> = {}) =>
    (s: TerraformStack) =>
      void new EcrRepository(s, 'repo', {
        name: 'telehealth/api',
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        ...props,
      });

  it('ecr-immutable-tags fails for mutable (or default) tags where images must be immutable, and passes otherwise', () => {
    expect(
      messages(findings(ecrImmutableTags, repo({ imageTagMutability: 'MUTABLE' }), { requireImmutableImages: true })),
    ).toEqual(['repository "telehealth/api" has image_tag_mutability "MUTABLE"']);
    expect(
      findings(ecrImmutableTags, repo({ imageTagMutability: undefined }), { requireImmutableImages: true }),
    ).toHaveLength(1);
    expect(findings(ecrImmutableTags, repo(), { requireImmutableImages: true })).toEqual([]);
    expect(
      findings(ecrImmutableTags, repo({ imageTagMutability: 'MUTABLE' }), { requireImmutableImages: false }),
    ).toEqual([]);
  });

  it('ecr-scan-on-push fails for an unscanned repository and passes with scan_on_push', () => {
    expect(messages(findings(ecrScanOnPush, repo({ imageScanningConfiguration: { scanOnPush: false } })))).toEqual([
      'repository "telehealth/api" is not scanned on push (no scan_on_push and no registry scanning rule covers it)',
    ]);
    expect(findings(ecrScanOnPush, repo())).toEqual([]);
  });

  it('ecr-scan-on-push accepts a registry scanning rule of the same account that covers the repository', () => {
    const registry = (filter: string) => (s: TerraformStack) =>
      void new EcrRegistryScanningConfiguration(s, 'scanning', {
        scanType: 'ENHANCED',
        rule: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilter: [{ filter, filterType: 'WILDCARD' }] }],
      });
    const run = (filter: string, account: string) =>
      guard(
        [
          {
            name: 'team',
            context: { awsAccountId: '333333333333' },
            build: repo({ imageScanningConfiguration: undefined }),
          },
          { name: 'platform', context: { awsAccountId: account }, build: registry(filter) },
        ],
        { rules: [ecrScanOnPush] },
      ).errors;
    expect(run('*', '333333333333')).toEqual([]);
    expect(run('telehealth/*', '333333333333')).toEqual([]);
    expect(run('other-team/*', '333333333333')).toHaveLength(1);
    expect(run('*', '111111111111')).toHaveLength(1); // another account's registry settings do not count
  });

  it('ecr-no-force-delete fails when force_delete is set', () => {
    expect(messages(findings(ecrNoForceDelete, repo({ forceDelete: true })))).toEqual([
      'repository "telehealth/api" sets force_delete = true',
    ]);
    expect(findings(ecrNoForceDelete, repo())).toEqual([]);
  });
});
