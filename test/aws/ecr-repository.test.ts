import { EcrRegistryScanning } from '../../constructs/aws/ecr-registry-scanning';
import { EcrRepository, type ecrLifecycleRules } from '../../constructs/aws/ecr-repository';
import { synth } from './helpers';

describe('EcrRepository', () => {
  const build = (preventDestroy: boolean) =>
    synth((scope) => {
      new EcrRepository(scope, 'repo', {
        repositoryName: 'team/api',
        untaggedExpiryDays: 5,
        keepTaggedImages: 12,
        preventDestroy,
      });
    });

  it('has immutable tags, scan on push and encryption at rest, and never force-deletes images', () => {
    const repo = build(true).one('aws_ecr_repository');
    expect(repo).toMatchObject({
      name: 'team/api',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'AES256' }],
    });
    expect(repo.force_delete).toBeUndefined();
  });

  it('sets prevent_destroy from its prop', () => {
    expect(build(true).one('aws_ecr_repository').lifecycle).toEqual({ prevent_destroy: true });
    expect(build(false).one('aws_ecr_repository').lifecycle).toEqual({ prevent_destroy: false });
  });

  it('expires untagged images after N days, then keeps the last N tagged, in ascending rule priority', () => {
    const out = build(false);
    const policy = out.one('aws_ecr_lifecycle_policy');
    expect(policy.repository).toMatch(/^\$\{aws_ecr_repository\..*\.name\}$/);
    const rules = JSON.parse(policy.policy).rules as ReturnType<typeof ecrLifecycleRules>;
    expect(rules.map((r) => r.rulePriority)).toEqual([1, 2]);
    expect(rules[0].selection).toEqual({
      tagStatus: 'untagged',
      countType: 'sinceImagePushed',
      countUnit: 'days',
      countNumber: 5,
    });
    expect(rules[1].selection).toEqual({
      tagStatus: 'tagged',
      tagPatternList: ['*'],
      countType: 'imageCountMoreThan',
      countNumber: 12,
    });
    expect(rules.every((r) => r.action.type === 'expire')).toBe(true);
  });
});

describe('EcrRegistryScanning', () => {
  it('scans every repository of the registry on push (basic scanning by default)', () => {
    const config = synth((scope) => {
      new EcrRegistryScanning(scope, 'scan');
    }).one('aws_ecr_registry_scanning_configuration');
    expect(config).toEqual({
      scan_type: 'BASIC',
      rule: [{ scan_frequency: 'SCAN_ON_PUSH', repository_filter: [{ filter: '*', filter_type: 'WILDCARD' }] }],
    });
  });
});
