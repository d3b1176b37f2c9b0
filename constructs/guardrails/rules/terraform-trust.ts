/**
 * Synthesized Terraform is a trust boundary: what a stack holds runs with the pipeline's credentials at plan and
 * apply. Only the providers the platform uses, no code that runs on the machine that plans or applies (the
 * `external` data source, provisioners), and no module whose code comes from outside this repository.
 */
import { isRecord } from '../../../domain/json';
import { textBefore } from '../../../domain/text';
import { blocks, literal, quote } from '../attributes';
import type { ElementView, Rule, StackView, Violation } from '../types';

/** The providers the platform uses, by full source address, and Terraform's builtin one (`terraform_data`). */
export const ALLOWED_PROVIDER_SOURCES: readonly string[] = [
  'registry.terraform.io/hashicorp/aws',
  'registry.terraform.io/snowflakedb/snowflake',
  'terraform.io/builtin/terraform',
];

/** What a stack's local provider names mean when its `terraform` block is not known (views built element by element). */
const DEFAULT_LOCAL_NAMES: Readonly<Record<string, string>> = {
  aws: 'registry.terraform.io/hashicorp/aws',
  snowflake: 'registry.terraform.io/snowflakedb/snowflake',
};

/** `aws`, `hashicorp/aws` and `registry.terraform.io/hashicorp/aws` are the same source (Terraform's rules). */
export function providerSourceAddress(source: string): string {
  const parts = source.trim().toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

/** The stack's local provider names and the source each means (`required_providers`). */
function localNames(stack: StackView): Map<string, string> {
  const required = stack.terraform?.required_providers;
  if (!isRecord(required)) return new Map(Object.entries(DEFAULT_LOCAL_NAMES));
  return new Map(
    Object.entries(required).map(([name, spec]) => {
      // An entry may also be a bare version constraint (the old syntax): then the source is hashicorp/<name>.
      const source = isRecord(spec) ? literal(spec.source) : undefined;
      return [name, providerSourceAddress(source ?? name)];
    }),
  );
}

/** The source of a local provider name: declared, or (as Terraform does) `hashicorp/<name>`. */
function sourceOf(local: string, names: ReadonlyMap<string, string>): string {
  if (local === 'terraform') return 'terraform.io/builtin/terraform';
  return names.get(local) ?? providerSourceAddress(local);
}

/** The local provider name an element uses: its `provider` (`aws.accountadmin` → `aws`), else its type's prefix. */
function providerOf(element: ElementView): string {
  const explicit = literal(element.config.provider);
  if (explicit) return textBefore(explicit.replace(/^\$\{(.*)\}$/, '$1'), '.');
  return textBefore(element.type, '_');
}

export const terraformAllowedProviders: Rule = {
  id: 'terraform-allowed-providers',
  level: 'error',
  unsuppressible: true,
  description: `Stacks use only the platform's providers (${ALLOWED_PROVIDER_SOURCES.join(', ')}): in \`required_providers\`, in provider blocks and by resource and data source types.`,
  fix: 'build the resource with the aws or snowflake provider; a new provider is a change to this rule, reviewed by the data-infrastructure team',
  check: ({ stack }) => {
    const out: Violation[] = [];
    const names = localNames(stack);
    // The stack's terraform block is no element: a stand-in at the stack's own path.
    const settings: ElementView = {
      kind: 'provider',
      type: 'terraform',
      name: 'required_providers',
      address: 'terraform.required_providers',
      path: stack.stackName,
      config: {},
    };
    for (const [local, source] of names) {
      if (!ALLOWED_PROVIDER_SOURCES.includes(source))
        out.push({
          element: settings,
          message: `required_providers.${local} has source ${quote(source)}, which is not an allowed provider`,
        });
    }
    for (const element of stack.elements) {
      if (element.kind === 'module') continue;
      const local = element.kind === 'provider' ? element.type : providerOf(element);
      const source = sourceOf(local, names);
      if (!ALLOWED_PROVIDER_SOURCES.includes(source))
        out.push({
          element,
          message: `${element.address} uses the provider ${quote(local)} (${source}), which is not an allowed provider`,
        });
    }
    return out;
  },
};

export const terraformNoExternalData: Rule = {
  id: 'terraform-no-external-data',
  level: 'error',
  unsuppressible: true,
  description:
    "No `external` data source: it runs a program on the machine that plans (a pull request's plan included), with the pipeline's credentials.",
  fix: 'derive the value in TypeScript from config, or read it with a data source of the aws or snowflake provider',
  check: ({ stack }) =>
    stack.elements
      .filter((e) => e.kind === 'data' && e.type === 'external')
      .map((e) => ({
        element: e,
        message: `${e.address} runs the program ${quote(e.config.program ?? '(unset)')} when the stack is planned`,
      })),
};

export const terraformNoProvisioners: Rule = {
  id: 'terraform-no-provisioners',
  level: 'error',
  unsuppressible: true,
  description:
    'No provisioners (`local-exec`, `remote-exec`, `file`, any other): they run commands on the machine that applies, or on a remote host, outside what Terraform plans and shows.',
  fix: 'remove the provisioner; model the effect as a resource of the aws or snowflake provider',
  check: ({ stack }) =>
    stack.elements.flatMap((e) => {
      const provisioners = blocks(e.config.provisioner).flatMap((p) => Object.keys(p));
      return provisioners.length
        ? [{ element: e, message: `${e.address} has provisioner(s) ${provisioners.map(quote).join(', ')}` }]
        : [];
    }),
};

/** A module source inside the stack's own directory (cdktf copies local modules there as assets). */
function isLocalSource(source: string | undefined): boolean {
  return source !== undefined && source.startsWith('./') && !source.split('/').includes('..');
}

export const terraformNoRemoteModules: Rule = {
  id: 'terraform-no-remote-modules',
  level: 'error',
  unsuppressible: true,
  description:
    "No module from outside the repository: every `module` block's source is a local path inside the stack's directory (no registry, Git, HTTP, S3 or `../` sources), so all code that runs is reviewed here.",
  fix: 'build the resources with constructs of this repository instead of a module',
  check: ({ stack }) =>
    stack.elements
      .filter((e) => e.kind === 'module' && !isLocalSource(literal(e.config.source)))
      .map((e) => ({
        element: e,
        message: `${e.address} has source ${quote(e.config.source ?? '(unset)')}, from outside the repository`,
      })),
};
