/**
 * The Aspect that gathers what the rules look at. cdktf invokes aspects on every node of a stack when the stack is
 * synthesized, before anything is written; this one records the stack's Terraform elements (resources, data
 * sources, providers) and keeps the stack's configuration exactly as synthesis resolves it for cdk.tf.json
 * (overrides, lazy values and all). Keeping that result, instead of resolving every element again, saves a whole
 * resolve pass (docs/benchmarks.md).
 */
import {
  DefaultTokenResolver,
  type IAspect,
  StringConcat,
  TerraformDataSource,
  type TerraformElement,
  TerraformModule,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Tokenization,
} from 'cdktf';
import type { IConstruct } from 'constructs';
import { onSynthesizedJson } from '../../cdktf-internals';
import type { ElementView, GuardrailContext, StackView } from './types';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** A stack's (or one element's) Terraform JSON, as far as the views read it. */
type Fragment = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  module?: Record<string, Record<string, unknown>>;
  terraform?: Record<string, unknown>;
};

export class GuardrailAspect implements IAspect {
  private readonly elements = new Set<TerraformElement>();
  private invoked = false;
  private synthesized?: Fragment;

  constructor(
    readonly stack: TerraformStack,
    readonly context: GuardrailContext,
  ) {
    // Only JSON produced after this aspect ran is what synthesis writes (cdktf-internals/synthesized-json.ts).
    onSynthesizedJson(stack, (json) => {
      if (this.invoked) this.synthesized = json as Fragment;
    });
  }

  visit(node: IConstruct): void {
    this.invoked = true;
    const element =
      TerraformResource.isTerraformResource(node) ||
      TerraformDataSource.isTerraformDataSource(node) ||
      TerraformProvider.isTerraformProvider(node) ||
      node instanceof TerraformModule
        ? (node as TerraformElement)
        : undefined;
    // Nested stacks would carry their own aspect; only this stack's elements belong here.
    if (element && TerraformStack.of(element) === this.stack) this.elements.add(element);
  }

  /** Whether cdktf has invoked this aspect (i.e. the stack was synthesized). */
  get visited(): boolean {
    return this.invoked;
  }

  /** The stack as the rules see it. Call after synthesis. */
  view(): StackView {
    const elements = this.synthesized
      ? fromStackJson(this.synthesized, this.elements)
      : [...this.elements].flatMap((e) => fromElement(this.stack, e));
    const terraform = this.synthesized?.terraform;
    return { stackName: this.stack.node.id, context: this.context, elements, ...(terraform ? { terraform } : {}) };
  }
}

/** Views from the stack's synthesized JSON; paths from each block's metadata (providers: from their constructs). */
function fromStackJson(tf: Fragment, elements: ReadonlySet<TerraformElement>): ElementView[] {
  const providerPaths = new Map<string, string>();
  for (const e of elements) {
    if (TerraformProvider.isTerraformProvider(e))
      providerPaths.set(providerAddress(e.terraformResourceType, e.alias), e.node.path);
  }
  return views(tf, (address, config) => {
    const metadata = (config['//'] as { metadata?: { path?: unknown } } | undefined)?.metadata;
    return typeof metadata?.path === 'string' ? metadata.path : (providerPaths.get(address) ?? address);
  });
}

/** Views of one element, resolved on their own (when the stack's JSON was not kept, e.g. toTerraform overridden). */
function fromElement(stack: TerraformStack, element: TerraformElement): ElementView[] {
  const fragment = Tokenization.resolve(element.toTerraform(), {
    scope: stack,
    preparing: false,
    resolver: RESOLVER,
  }) as Fragment;
  return views(fragment, () => element.node.path);
}

function providerAddress(type: string, alias: unknown): string {
  return typeof alias === 'string' ? `provider.${type}.${alias}` : `provider.${type}`;
}

function views(
  fragment: Fragment,
  pathOf: (address: string, config: Record<string, unknown>) => string,
): ElementView[] {
  const views: ElementView[] = [];
  const add = (
    kind: ElementView['kind'],
    type: string,
    name: string,
    address: string,
    config: Record<string, unknown>,
  ) => views.push({ kind, type, name, address, path: pathOf(address, config), config: strip(config) });
  for (const [type, byName] of Object.entries(fragment.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) add('resource', type, name, `${type}.${name}`, config);
  }
  for (const [type, byName] of Object.entries(fragment.data ?? {})) {
    for (const [name, config] of Object.entries(byName)) add('data', type, name, `data.${type}.${name}`, config);
  }
  for (const [name, config] of Object.entries(fragment.module ?? {}))
    add('module', 'module', name, `module.${name}`, config);
  for (const [type, list] of Object.entries(fragment.provider ?? {})) {
    for (const config of list) {
      const alias = typeof config.alias === 'string' ? config.alias : undefined;
      add('provider', type, alias ?? type, providerAddress(type, alias), config);
    }
  }
  return views;
}

function strip(config: Record<string, unknown>): Record<string, unknown> {
  const { '//': _metadata, ...rest } = config;
  return rest;
}
