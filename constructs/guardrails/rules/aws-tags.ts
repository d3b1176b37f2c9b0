/** Tags: every AWS resource gets the required tags through its provider's default_tags, and keeps them. */
import { isRecord } from '../../../domain/json';
import { blocks, quote } from '../attributes';
import type { ElementView, Rule, StackView, Violation } from '../types';

function defaultTagsOf(provider: ElementView): Record<string, unknown> {
  return Object.assign({}, ...blocks(provider.config.default_tags).map((b) => (isRecord(b.tags) ? b.tags : {})));
}

/** The AWS provider a resource uses: `provider = "aws.<alias>"`, or the default one. */
function providerOf(stack: StackView, resource: ElementView): ElementView | undefined {
  const providers = stack.elements.filter((e) => e.kind === 'provider' && e.type === 'aws');
  const alias = typeof resource.config.provider === 'string' ? resource.config.provider.split('.')[1] : undefined;
  return providers.find((p) => (alias ? p.config.alias === alias : p.config.alias === undefined));
}

function awsResources(stack: StackView): ElementView[] {
  return stack.elements.filter((e) => e.kind === 'resource' && e.type.startsWith('aws_'));
}

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

export const awsRequiredTags: Rule = {
  id: 'aws-required-tags',
  level: 'error',
  description: 'Every AWS provider sets the required default tags (non-empty), and no resource blanks one of them.',
  fix: "set the tags once in the provider's default_tags; do not set a required tag key on a resource",
  check: ({ stack }) => {
    const required = stack.context.requiredTagKeys ?? [];
    if (required.length === 0) return [];
    const out: Violation[] = [];
    for (const provider of stack.elements.filter((e) => e.kind === 'provider' && e.type === 'aws')) {
      const tags = defaultTagsOf(provider);
      const missing = required.filter((k) => blank(tags[k]));
      if (missing.length) {
        out.push({
          element: provider,
          message: `AWS provider default_tags lack ${missing.map(quote).join(', ')} (has: ${Object.keys(tags).map(quote).join(', ') || 'none'})`,
        });
      }
    }
    const resources = awsResources(stack);
    const [first] = resources;
    if (first && !stack.elements.some((e) => e.kind === 'provider' && e.type === 'aws')) {
      out.push({
        element: first,
        message: 'the stack has AWS resources but configures no AWS provider, so no default tags apply',
      });
    }
    for (const resource of resources) {
      for (const attribute of ['tags', 'tags_all']) {
        const tags = resource.config[attribute];
        if (!isRecord(tags)) continue;
        const blanked = required.filter((k) => k in tags && blank(tags[k]));
        if (blanked.length)
          out.push({
            element: resource,
            message: `${attribute} sets ${blanked.map(quote).join(', ')} to an empty value, removing the required default tag`,
          });
      }
    }
    return out;
  },
};

export const awsTagOverride: Rule = {
  id: 'aws-tag-override',
  level: 'warning',
  description:
    'No resource overrides a required default tag with a different value (cost reports and ownership would lie).',
  fix: "remove the tag from the resource; if the resource belongs to someone else, put it in that team's stack",
  check: ({ stack }) => {
    const required = stack.context.requiredTagKeys ?? [];
    const out: Violation[] = [];
    for (const resource of awsResources(stack)) {
      const tags = resource.config.tags;
      if (!isRecord(tags)) continue;
      const defaults = (() => {
        const p = providerOf(stack, resource);
        return p ? defaultTagsOf(p) : {};
      })();
      for (const key of required) {
        if (key in tags && !blank(tags[key]) && !blank(defaults[key]) && tags[key] !== defaults[key]) {
          out.push({
            element: resource,
            message: `tag ${quote(key)} is ${quote(tags[key])}, overriding the provider default ${quote(defaults[key])}`,
          });
        }
      }
    }
    return out;
  },
};
