/** terraform-local-references: every reference stays inside its stack (platform stacks skip cdktf's preparing pass). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { App, TerraformVariable } from 'cdktf';
import {
  Guardrails,
  interpolations,
  referencedAddresses,
  StackViewCollector,
  terraformLocalReferences,
} from '../../constructs/guardrails';
import { PlatformStack } from '../../stacks/platform-stack';
import { findings, messages } from './helpers';

describe('interpolations and references', () => {
  it('finds each ${…} with balanced braces, skipping $${ escapes', () => {
    expect(
      interpolations(
        'a ${aws_s3_bucket.b.arn} $${aws:username} ${jsonencode({ x = data.aws_caller_identity.me.account_id })}',
      ),
    ).toEqual(['aws_s3_bucket.b.arn', 'jsonencode({ x = data.aws_caller_identity.me.account_id })']);
  });

  it('reads resource and data addresses, not variables, locals, attributes or literal text', () => {
    const value = {
      a: '${aws_s3_bucket.b.bucket_domain_name}',
      b: ['${data.aws_caller_identity.me.account_id}', '${var.region}-${local.team_name}'],
      c: 'arn:aws:s3:::my_bucket.with_dots/*',
      d: '${upper(aws_iam_role.ci_role.name)}',
    };
    expect([...referencedAddresses(value)].sort()).toEqual([
      'aws_iam_role.ci_role',
      'aws_s3_bucket.b',
      'data.aws_caller_identity.me',
    ]);
  });
});

describe('terraform-local-references', () => {
  it('passes for references to resources, data sources and variables of the same stack', () => {
    const found = findings(terraformLocalReferences, (s) => {
      const region = new TerraformVariable(s, 'region', { type: 'string' });
      const me = new DataAwsCallerIdentity(s, 'me');
      const b = new S3Bucket(s, 'b', { bucket: `acme-${me.accountId}-${region.stringValue}` });
      new S3BucketPolicy(s, 'p', {
        bucket: b.id,
        policy: JSON.stringify({ Resource: `${b.arn}/$\{aws:username}` }),
        dependsOn: [b],
      });
    });
    expect(found).toEqual([]);
  });

  it('fails for a reference or depends_on naming something the stack does not have', () => {
    const found = findings(terraformLocalReferences, (s) => {
      new S3Bucket(s, 'b', { bucket: 'acme-b' });
      new S3BucketPolicy(s, 'p', { bucket: '${aws_s3_bucket.elsewhere.id}', policy: '{}' }).addOverride('depends_on', [
        'aws_s3_bucket.gone',
      ]);
    });
    expect(messages(found)).toEqual([
      'aws_s3_bucket_policy.p references "aws_s3_bucket.elsewhere", "aws_s3_bucket.gone", which are not in stack "test-stack"',
    ]);
    expect(terraformLocalReferences.unsuppressible).toBe(true);
  });

  it("refuses a real cross-stack reference between platform stacks, which skip cdktf's preparing pass", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-xref-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      const props = { mode: 'offline', stateBackend: { bucket: 'b', region: 'eu-west-1', keyPrefix: 'k' } } as const;
      const producer = new PlatformStack(app, 'producer', props);
      const consumer = new PlatformStack(app, 'consumer', props);
      for (const stack of [producer, consumer]) new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      const bucket = new S3Bucket(producer, 'data', { bucket: 'acme-data' });
      new S3BucketPolicy(consumer, 'policy', { bucket: bucket.id, policy: '{}' });
      const guardrails = new Guardrails([terraformLocalReferences]);
      guardrails.addStack(producer, {});
      guardrails.addStack(consumer, {});
      app.synth();
      // Without the preparing pass no remote-state wiring was added: the address dangles, and the rule says so.
      const written = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
      expect(written.data).toBeUndefined();
      expect(messages(guardrails.report().errors)).toEqual([
        'aws_s3_bucket_policy.policy references "aws_s3_bucket.data", which is not in stack "consumer"',
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('guardrail views', () => {
  it('are exactly the written cdk.tf.json blocks, stack-level overrides included', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-views-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      const stack = new PlatformStack(app, 'viewed', {
        mode: 'offline',
        stateBackend: { bucket: 'b', region: 'eu-west-1', keyPrefix: 'k' },
      });
      new AwsProvider(stack, 'aws', { region: 'eu-west-1', alias: 'primary' });
      new S3Bucket(stack, 'data', { bucket: 'acme-data' });
      stack.addOverride('resource.aws_s3_bucket.data.force_destroy', true);
      const collector = new StackViewCollector();
      collector.addStack(stack, {});
      app.synth();
      const written = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'viewed', 'cdk.tf.json'), 'utf8'));
      const [bucket, provider] = collector.views()[0].elements;
      const { '//': metadata, ...config } = written.resource.aws_s3_bucket.data;
      expect(bucket).toEqual({
        kind: 'resource',
        type: 'aws_s3_bucket',
        name: 'data',
        address: 'aws_s3_bucket.data',
        path: metadata.metadata.path,
        config,
      });
      expect(bucket.config.force_destroy).toBe(true);
      // Providers carry no metadata in the JSON: their path comes from their construct.
      expect(provider).toEqual({
        kind: 'provider',
        type: 'aws',
        name: 'primary',
        address: 'provider.aws.primary',
        path: 'viewed/aws',
        config: written.provider.aws[0],
      });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
