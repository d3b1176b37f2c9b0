import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';

export interface CircleCiOidcProviderProps {
  /** Issuer URL, `https://oidc.circleci.com/org/<organization id>`. */
  readonly issuerUrl: string;
  /** The audience (client id) CircleCI puts in its tokens: the CircleCI organization id. */
  readonly organizationId: string;
}

/**
 * The account's IAM OIDC identity provider for CircleCI. No thumbprint is given: since July 2023 IAM verifies
 * OIDC issuers against its own library of trusted root CAs and retrieves the thumbprint itself when none is given
 * (hashicorp/aws 5.x made `thumbprint_list` optional for this), so a pinned certificate thumbprint would only be
 * one more thing to rotate.
 */
export class CircleCiOidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: CircleCiOidcProviderProps) {
    super(scope, id);
    if (!props.issuerUrl.startsWith('https://')) {
      throw new Error(`CircleCI OIDC issuer URL must start with https://, got "${props.issuerUrl}"`);
    }
    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      url: props.issuerUrl,
      clientIdList: [props.organizationId],
    });
  }
}
