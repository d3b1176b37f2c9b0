import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { NetworkPolicy } from '@cdktf/provider-snowflake/lib/network-policy';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { ServiceUser as ServiceUserResource } from '@cdktf/provider-snowflake/lib/service-user';
import { ServiceUser, type ServiceUserProps } from '../../constructs/snowflake/service-user';
import { PUBLIC_KEY, synth } from './synth';

const build = (props: Partial<ServiceUserProps> = {}) =>
  synth(
    (scope) =>
      new ServiceUser(scope, 'DEV_SALES_LOADER', {
        name: 'DEV_SALES_LOADER',
        rsaPublicKey: PUBLIC_KEY,
        defaultRole: 'DEV_SALES_PIPELINE',
        defaultWarehouse: 'DEV_SALES_ETL',
        ...props,
      }),
  );

describe('ServiceUser', () => {
  it('creates a TYPE=SERVICE user with its public key, default role and warehouse, and no secondary roles', () => {
    expect(build().json).toHaveResourceWithProperties(ServiceUserResource, {
      name: 'DEV_SALES_LOADER',
      rsa_public_key: PUBLIC_KEY,
      default_role: 'DEV_SALES_PIPELINE',
      default_warehouse: 'DEV_SALES_ETL',
      default_secondary_roles_option: 'NONE',
    });
  });

  it('never sets a password (the service user resource has no such field) nor a second key unless given', () => {
    const user = build().list(ServiceUserResource.tfResourceType)[0];
    expect(Object.keys(user).filter((k) => /password/i.test(k))).toEqual([]);
    expect(user.rsa_public_key_2).toBeUndefined();
    expect(
      build({ rsaPublicKey2: `${PUBLIC_KEY}2` }).list(ServiceUserResource.tfResourceType)[0].rsa_public_key_2,
    ).toBe(`${PUBLIC_KEY}2`);
  });

  it('grants the default role to the user (a default role alone grants nothing)', () => {
    expect(build().json).toHaveResourceWithProperties(GrantAccountRole, {
      role_name: 'DEV_SALES_PIPELINE',
      user_name: 'DEV_SALES_LOADER',
    });
  });

  it('has no network policy unless an allow-list is given', () => {
    const s = build();
    expect(s.list(NetworkPolicy.tfResourceType)).toEqual([]);
    expect(s.list(ServiceUserResource.tfResourceType)[0].network_policy).toBeUndefined();
  });

  it('creates a network policy from the allow-list and attaches it to the user', () => {
    const s = build({ allowedIpList: ['203.0.113.10/32'], networkPolicyName: 'DEV_SALES_LOADER_IPS' });
    expect(s.json).toHaveResourceWithProperties(NetworkPolicy, {
      name: 'DEV_SALES_LOADER_IPS',
      allowed_ip_list: ['203.0.113.10/32'],
    });
    const user = s.list(ServiceUserResource.tfResourceType)[0];
    expect(user.network_policy).toBe('DEV_SALES_LOADER_IPS');
    expect(user.depends_on).toEqual([
      `${NetworkPolicy.tfResourceType}.${Object.keys(s.of(NetworkPolicy.tfResourceType))[0]}`,
    ]);
  });

  it('refuses a private key or PEM lines, and an empty allow-list that would lock the user out', () => {
    expect(() => build({ rsaPublicKey: '-----BEGIN PRIVATE KEY-----MIIE' })).toThrow(
      /rsaPublicKey contains a PRIVATE key .*Fix: rotate this key pair now/,
    );
    expect(() => build({ rsaPublicKey2: `-----BEGIN PUBLIC KEY-----${PUBLIC_KEY}` })).toThrow(
      /rsaPublicKey2 contains PEM BEGIN\/END lines/,
    );
    expect(() => build({ allowedIpList: [] })).toThrow(/allowedIpList is empty/);
  });

  it('is protected from destroy only when asked, and uses the given provider for user, policy and grant', () => {
    expect(build().list(ServiceUserResource.tfResourceType)[0].lifecycle).toBeUndefined();
    expect(build({ preventDestroy: true }).list(ServiceUserResource.tfResourceType)[0].lifecycle).toEqual({
      prevent_destroy: true,
    });
    const s = synth((scope) => {
      const provider = new SnowflakeProvider(scope, 'u', { alias: 'useradmin', role: 'PLATFORM_USERADMIN' });
      new ServiceUser(scope, 'U', {
        name: 'U',
        rsaPublicKey: PUBLIC_KEY,
        defaultRole: 'R',
        allowedIpList: ['203.0.113.1'],
        provider,
      });
    });
    for (const type of [ServiceUserResource, NetworkPolicy, GrantAccountRole])
      expect(s.list(type.tfResourceType).map((r) => r.provider)).toEqual(['snowflake.useradmin']);
  });
});
