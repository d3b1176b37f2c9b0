/** ECR repositories: immutable tags where releases run, scanned on push, never force-deleted. */
import { accountResources, blocks, isTrue, literal, quote, resources } from '../attributes';
import type { ElementView, Rule, RuleScope, Violation } from '../types';

const IMMUTABLE = ['IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION'];
const SCANNING_FREQUENCIES = ['SCAN_ON_PUSH', 'CONTINUOUS_SCAN'];

function label(repo: ElementView): string {
  const name = literal(repo.config.name);
  return name ? `repository ${quote(name)}` : `repository ${repo.address}`;
}

function eachRepository(scope: RuleScope, test: (repo: ElementView) => string | undefined): Violation[] {
  const out: Violation[] = [];
  for (const repo of resources(scope.stack, 'aws_ecr_repository')) {
    const problem = test(repo);
    if (problem) out.push({ element: repo, message: `${label(repo)} ${problem}` });
  }
  return out;
}

function wildcardMatch(filter: string, name: string): boolean {
  const pattern = filter
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(name);
}

/** Registry-wide scanning rules of the repository's account (the platform stack of its environment sets them). */
function registryScans(scope: RuleScope, repositoryName: string | undefined): boolean {
  return accountResources(scope, 'aws_ecr_registry_scanning_configuration')
    .flatMap((c) => blocks(c.config.rule))
    .some(
      (r) =>
        SCANNING_FREQUENCIES.includes(String(r.scan_frequency)) &&
        blocks(r.repository_filter).some((f) => {
          const filter = String(f.filter);
          return filter === '*' || (repositoryName !== undefined && wildcardMatch(filter, repositoryName));
        }),
    );
}

export const ecrImmutableTags: Rule = {
  id: 'ecr-immutable-tags',
  level: 'error',
  description:
    'Where images must be immutable (release environments), ECR repositories have immutable tags: a tag always means the same image.',
  fix: 'set image_tag_mutability = "IMMUTABLE" on the repository',
  check: (scope) =>
    scope.stack.context.requireImmutableImages
      ? eachRepository(scope, (repo) => {
          const value = repo.config.image_tag_mutability ?? 'MUTABLE';
          return IMMUTABLE.includes(String(value)) ? undefined : `has image_tag_mutability ${quote(value)}`;
        })
      : [],
};

export const ecrScanOnPush: Rule = {
  id: 'ecr-scan-on-push',
  level: 'error',
  description:
    'Every ECR repository is scanned for vulnerabilities on push (repository setting or a registry scanning rule of its account).',
  fix: 'set image_scanning_configuration { scan_on_push = true }, or cover the repository with an aws_ecr_registry_scanning_configuration rule (SCAN_ON_PUSH or CONTINUOUS_SCAN) in the account',
  check: (scope) =>
    eachRepository(scope, (repo) => {
      if (blocks(repo.config.image_scanning_configuration).some((c) => isTrue(c.scan_on_push))) return undefined;
      if (registryScans(scope, literal(repo.config.name))) return undefined;
      return 'is not scanned on push (no scan_on_push and no registry scanning rule covers it)';
    }),
};

export const ecrNoForceDelete: Rule = {
  id: 'ecr-no-force-delete',
  level: 'error',
  description: 'No ECR repository sets force_delete (Terraform would delete it with every image in it).',
  fix: 'remove force_delete (or set it to false); empty the repository by hand when it really must go',
  check: (scope) =>
    eachRepository(scope, (repo) => (isTrue(repo.config.force_delete) ? 'sets force_delete = true' : undefined)),
};
