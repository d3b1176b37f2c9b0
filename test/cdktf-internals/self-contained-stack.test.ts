/**
 * Canary for patch 3 (cdktf-internals/self-contained-stack.ts): a SelfContainedStack skips cdktf's preparing pass.
 * Its output must be what a plain TerraformStack writes (the pass only wires cross-stack references, and ensures a
 * backend), the skipping must be real (a cross-stack reference is not wired through remote state), and the dangling
 * address that leaves must be refused by the guardrail. PlatformStack, every stack of the platform, is one.
 */
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { App, Lazy, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { SelfContainedStack } from '../../cdktf-internals';
import { evaluate, StackViewCollector, terraformLocalReferences } from '../../constructs/guardrails';
import { PlatformStack } from '../../stacks/platform-stack';
import { files, readJson, withDir } from './helpers';

type StackClass = typeof TerraformStack;

/** A stack using what the platform's stacks use: a provider, lazy values, local references, overrides, outputs. */
function build(Stack: StackClass, outdir: string): void {
  const app = new App({ outdir, stackTraces: false });
  const stack = new Stack(app, 'stack');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { team: 'x' } }] });
  const prefix = new TerraformVariable(stack, 'prefix', { type: 'string', default: 'acme' });
  const bucket = new S3Bucket(stack, 'data', {
    bucket: `${prefix.stringValue}-data`,
    tags: { owner: Lazy.stringValue({ produce: () => 'team-x' }) },
  });
  bucket.addOverride('lifecycle.prevent_destroy', true);
  new S3BucketPolicy(stack, 'policy', { bucket: bucket.id, policy: JSON.stringify({ Resource: `${bucket.arn}/*` }) });
  new TerraformOutput(stack, 'arn', { value: bucket.arn });
  app.synth();
}

/** A producer and a consumer stack of class `Stack`, the consumer using the producer's bucket id. */
function crossStackReference(Stack: StackClass, outdir: string): { consumer: any; producer: any } {
  const app = new App({ outdir, stackTraces: false });
  const producer = new Stack(app, 'producer');
  const consumer = new Stack(app, 'consumer');
  for (const stack of [producer, consumer]) new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const bucket = new S3Bucket(producer, 'data', { bucket: 'acme-data' });
  new S3BucketPolicy(consumer, 'policy', { bucket: bucket.id, policy: '{}' });
  app.synth();
  const written = (name: string) => readJson(path.join(outdir, 'stacks', name, 'cdk.tf.json'));
  return { consumer: written('consumer'), producer: written('producer') };
}

describe('a self-contained stack', () => {
  it('writes exactly what a plain TerraformStack writes, the default backend included', () => {
    const plain = withDir((dir) => (build(TerraformStack, dir), files(dir)));
    const selfContained = withDir((dir) => (build(SelfContainedStack, dir), files(dir)));
    expect([...selfContained.keys()]).toEqual([...plain.keys()]);
    for (const [file, content] of plain)
      expect({ file, same: selfContained.get(file) === content }).toEqual({ file, same: true });
    expect(JSON.parse(plain.get('stacks/stack/cdk.tf.json')!).terraform.backend).toEqual({
      local: { path: expect.stringContaining('terraform.stack.tfstate') },
    });
  });

  it('skips the preparing pass: cdktf would wire a cross-stack reference through remote state, here it dangles', () => {
    // What cdktf does with a plain stack: an output in the producer, a remote-state data source in the consumer.
    const plain = withDir((dir) => crossStackReference(TerraformStack, dir));
    expect(Object.keys(plain.consumer.data ?? {})).toEqual(['terraform_remote_state']);
    expect(Object.keys(plain.producer.output ?? {})).toHaveLength(1);
    // The same with self-contained stacks: no wiring; the consumer names an address it does not have.
    const selfContained = withDir((dir) => crossStackReference(SelfContainedStack, dir));
    expect(selfContained.consumer.data).toBeUndefined();
    expect(selfContained.producer.output).toBeUndefined();
    expect(selfContained.consumer.resource.aws_s3_bucket_policy.policy.bucket).toBe('${aws_s3_bucket.data.id}');
  });

  it('leaves a cross-stack reference to the guardrail, which refuses it', () => {
    withDir((outdir) => {
      const app = new App({ outdir, stackTraces: false });
      const producer = new SelfContainedStack(app, 'producer');
      const consumer = new SelfContainedStack(app, 'consumer');
      for (const stack of [producer, consumer]) new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      const bucket = new S3Bucket(producer, 'data', { bucket: 'acme-data' });
      new S3BucketPolicy(consumer, 'policy', { bucket: bucket.id, policy: '{}' });
      const collector = new StackViewCollector();
      collector.addStack(producer, {});
      collector.addStack(consumer, {});
      app.synth();
      const report = evaluate(collector.views(), [terraformLocalReferences]);
      expect(report.errors.map((e) => `${e.stack}: ${e.message}`)).toEqual([
        'consumer: aws_s3_bucket_policy.policy references "aws_s3_bucket.data", which is not in stack "consumer"',
      ]);
    });
  });

  it('is what every platform stack is', () => {
    withDir((outdir) => {
      const stack = new PlatformStack(new App({ outdir, stackTraces: false }), 'x', {
        mode: 'offline',
        stateBackend: { bucket: 'b', region: 'eu-west-1', keyPrefix: 'k' },
      });
      expect(stack).toBeInstanceOf(SelfContainedStack);
    });
  });
});
