/**
 * Canary for patch 4 (cdktf-internals/synthesized-json.ts): the JSON kept for the guardrails is exactly what
 * synthesis writes (after aspects ran), for `app.synth()` and `Testing.synth()`, and the guardrail aspect uses it
 * instead of resolving every element again.
 */
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, Aspects, type IAspect, Lazy, TerraformResource, TerraformStack, Testing } from 'cdktf';
import type { IConstruct } from 'constructs';
import { onSynthesizedJson } from '../../cdktf-internals';
import { StackViewCollector } from '../../constructs/guardrails';
import { readJson, withDir } from './helpers';

/** An aspect that changes the stack while it is synthesized, as aspects may. */
class TagEveryBucket implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof S3Bucket) node.addOverride('tags.synthesized', 'yes');
  }
}

function bucketStack(outdir: string): { app: App; stack: TerraformStack } {
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, 'kept');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new S3Bucket(stack, 'data', { bucket: Lazy.stringValue({ produce: () => 'acme-data' }) });
  Aspects.of(stack).add(new TagEveryBucket());
  return { app, stack };
}

describe("a stack's synthesized JSON", () => {
  it('is kept once per app.synth(), after the aspects ran, and equals the written cdk.tf.json', () => {
    withDir((outdir) => {
      const { app, stack } = bucketStack(outdir);
      const kept: unknown[] = [];
      onSynthesizedJson(stack, (json) => kept.push(json));
      app.synth();
      expect(kept).toHaveLength(1);
      const written = readJson(path.join(outdir, 'stacks', 'kept', 'cdk.tf.json'));
      expect(JSON.parse(JSON.stringify(kept[0]))).toEqual(written);
      expect(written.resource.aws_s3_bucket.data).toMatchObject({ bucket: 'acme-data', tags: { synthesized: 'yes' } });
    });
  });

  it('is kept by Testing.synth() too, equal to what it returns (which drops the metadata)', () => {
    withDir((outdir) => {
      const { stack } = bucketStack(outdir);
      const kept: any[] = [];
      onSynthesizedJson(stack, (json) => kept.push(json));
      const returned = JSON.parse(Testing.synth(stack));
      expect(kept).toHaveLength(1);
      const { '//': _metadata, ...bucket } = JSON.parse(JSON.stringify(kept[0])).resource.aws_s3_bucket.data;
      expect(bucket).toEqual(returned.resource.aws_s3_bucket.data);
      expect(bucket.tags).toEqual({ synthesized: 'yes' });
    });
  });

  it('is what the guardrail views are made of: reading them resolves no element again', () => {
    withDir((outdir) => {
      const { app, stack } = bucketStack(outdir);
      const collector = new StackViewCollector();
      collector.addStack(stack, {});
      app.synth();
      const toTerraform = jest.spyOn(TerraformResource.prototype, 'toTerraform');
      try {
        const [view] = collector.views();
        expect(toTerraform).not.toHaveBeenCalled();
        const bucket = view.elements.find((e) => e.address === 'aws_s3_bucket.data');
        expect(bucket?.config).toMatchObject({ bucket: 'acme-data', tags: { synthesized: 'yes' } });
      } finally {
        toTerraform.mockRestore();
      }
    });
  });
});
