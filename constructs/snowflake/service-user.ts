import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { NetworkPolicy } from '@cdktf/provider-snowflake/lib/network-policy';
import { ServiceUser as ServiceUserResource } from '@cdktf/provider-snowflake/lib/service-user';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { propError } from './errors';
import { identifier } from './identifiers';

export interface ServiceUserProps {
  /** User name (also its login name), unique in the account. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** RSA public key for key-pair authentication: the base64 body on one line, without BEGIN/END lines. */
  readonly rsaPublicKey: string;
  /** A second public key, for rotation without downtime. Default: none. */
  readonly rsaPublicKey2?: string;
  /** The user's default role; it is also granted to the user (a default role alone grants nothing). */
  readonly defaultRole: string;
  /** Warehouse used when a session names none. Default: none. */
  readonly defaultWarehouse?: string;
  /**
   * IPv4 addresses or CIDR ranges the user may connect from. When set, a network policy `networkPolicyName` is created
   * and attached to the user. Default: no network policy (the account's, if any, applies).
   */
  readonly allowedIpList?: readonly string[];
  /** Name of the network policy created for `allowedIpList`. Default: `<name>_POLICY`. */
  readonly networkPolicyName?: string;
  /** Sets `lifecycle.prevent_destroy` on the user (a user others log in as, such as a deploy user). Default: false. */
  readonly preventDestroy?: boolean;
  /**
   * Provider that creates the user, its network policy and the role grant: it runs as the role that administers
   * users (and owns the default role). Default: the stack's default provider.
   */
  readonly provider?: TerraformProvider;
  /** Resources that must exist before the role grant (the default role, when created in the same stack). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Snowflake service user (TYPE = SERVICE): key-pair authentication only — a service user has no password and cannot
 * use SSO or MFA — with its default role granted, no secondary roles, and optionally an IP allow-list.
 */
export class ServiceUser extends Construct {
  readonly user: ServiceUserResource;
  readonly networkPolicy?: NetworkPolicy;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ServiceUserProps) {
    super(scope, id);
    this.name = props.name;
    for (const [prop, key] of [
      ['rsaPublicKey', props.rsaPublicKey],
      ['rsaPublicKey2', props.rsaPublicKey2],
    ] as const) {
      if (key !== undefined && /PRIVATE KEY|-----/.test(key)) {
        throw propError(this, {
          prop,
          problem: /PRIVATE/.test(key) ? 'contains a PRIVATE key' : 'contains PEM BEGIN/END lines',
          given: `${key.slice(0, 30)}...`,
          allowed: 'the base64 body of an RSA public key, on one line',
          fix: /PRIVATE/.test(key)
            ? 'rotate this key pair now and pass only the public key (openssl rsa -in key.p8 -pubout)'
            : 'drop the -----BEGIN/END PUBLIC KEY----- lines and line breaks',
        });
      }
    }
    if (props.allowedIpList !== undefined && props.allowedIpList.length === 0) {
      throw propError(this, {
        prop: 'allowedIpList',
        problem: 'is empty, which would lock the user out',
        given: [],
        allowed: 'one or more IPv4 addresses or CIDR ranges, or leave it out',
        fix: 'list the addresses the service connects from',
      });
    }

    const policyName = props.networkPolicyName ?? `${props.name}_POLICY`;
    if (props.allowedIpList) {
      this.networkPolicy = new NetworkPolicy(this, 'network-policy', {
        provider: props.provider,
        name: policyName,
        allowedIpList: [...props.allowedIpList],
        comment: `Addresses ${props.name} may connect from`,
      });
    }
    this.user = new ServiceUserResource(this, 'user', {
      provider: props.provider,
      name: props.name,
      comment: props.comment,
      rsaPublicKey: props.rsaPublicKey,
      rsaPublicKey2: props.rsaPublicKey2,
      defaultRole: identifier(props.defaultRole),
      defaultWarehouse: props.defaultWarehouse === undefined ? undefined : identifier(props.defaultWarehouse),
      // Only the default role is active in its sessions: no roles picked up from other grants.
      defaultSecondaryRolesOption: 'NONE',
      // Setting a policy at creation needs the policy to exist and be owned by the creating role.
      networkPolicy: this.networkPolicy ? identifier(policyName) : undefined,
      dependsOn: this.networkPolicy ? [this.networkPolicy] : undefined,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    new GrantAccountRole(this, 'default-role', {
      provider: props.provider,
      roleName: identifier(props.defaultRole),
      userName: identifier(props.name),
      dependsOn: [this.user, ...(props.dependsOn ?? [])],
    });
  }
}
