/**
 * The Aspect that gathers what the rules look at. cdktf invokes aspects on every node of a stack when the stack is
 * synthesized, before anything is written; this one records the stack's Terraform elements (resources, data
 * sources, providers). Their configuration is resolved when the report is built, after every aspect has run, so
 * the rules see exactly what goes into cdk.tf.json (overrides, lazy values and all).
 */
import {
  DefaultTokenResolver,
  type IAspect,
  StringConcat,
  TerraformDataSource,
  type TerraformElement,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Tokenization,
} from 'cdktf';
import type { IConstruct } from 'constructs';
import type { ElementView, GuardrailContext, StackView } from './types';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

export class GuardrailAspect implements IAspect {
  private readonly elements: TerraformElement[] = [];
  private invoked = false;

  constructor(
    readonly stack: TerraformStack,
    readonly context: GuardrailContext,
  ) {}

  visit(node: IConstruct): void {
    this.invoked = true;
    const element =
      TerraformResource.isTerraformResource(node) || TerraformDataSource.isTerraformDataSource(node) || TerraformProvider.isTerraformProvider(node)
        ? (node as TerraformElement)
        : undefined;
    // Nested stacks would carry their own aspect; only this stack's elements belong here.
    if (element && TerraformStack.of(element) === this.stack && !this.elements.includes(element)) this.elements.push(element);
  }

  /** Whether cdktf has invoked this aspect (i.e. the stack was synthesized). */
  get visited(): boolean {
    return this.invoked;
  }

  /** The stack as the rules see it. Call after synthesis. */
  view(): StackView {
    const elements = this.elements.flatMap((e) => toViews(this.stack, e));
    return { stackName: this.stack.node.id, context: this.context, elements };
  }
}

type Fragment = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Array<Record<string, unknown>>>;
};

function toViews(stack: TerraformStack, element: TerraformElement): ElementView[] {
  const fragment = Tokenization.resolve(element.toTerraform(), { scope: stack, preparing: false, resolver: RESOLVER }) as Fragment;
  const path = element.node.path;
  const views: ElementView[] = [];
  for (const [type, byName] of Object.entries(fragment.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) views.push({ kind: 'resource', type, name, address: `${type}.${name}`, path, config: strip(config) });
  }
  for (const [type, byName] of Object.entries(fragment.data ?? {})) {
    for (const [name, config] of Object.entries(byName)) views.push({ kind: 'data', type, name, address: `data.${type}.${name}`, path, config: strip(config) });
  }
  for (const [type, list] of Object.entries(fragment.provider ?? {})) {
    for (const config of list) {
      const alias = typeof config.alias === 'string' ? config.alias : undefined;
      views.push({ kind: 'provider', type, name: alias ?? type, address: alias ? `provider.${type}.${alias}` : `provider.${type}`, path, config: strip(config) });
    }
  }
  return views;
}

function strip(config: Record<string, unknown>): Record<string, unknown> {
  const { '//': _metadata, ...rest } = config;
  return rest;
}
