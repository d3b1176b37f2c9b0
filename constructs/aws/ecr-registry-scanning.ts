import { EcrRegistryScanningConfiguration } from '@cdktf/provider-aws/lib/ecr-registry-scanning-configuration';
import { Construct } from 'constructs';

export interface EcrRegistryScanningProps {
  /** `BASIC` (free, CVEs of OS packages) or `ENHANCED` (Amazon Inspector, paid). Default BASIC. */
  readonly scanType?: 'BASIC' | 'ENHANCED';
  /** Repository name filter (wildcards allowed). Default `*`: every repository of the registry. */
  readonly repositoryFilter?: string;
}

/** Registry-wide image scanning: every matching repository is scanned on push, whatever its own setting. */
export class EcrRegistryScanning extends Construct {
  readonly configuration: EcrRegistryScanningConfiguration;

  constructor(scope: Construct, id: string, props: EcrRegistryScanningProps = {}) {
    super(scope, id);
    this.configuration = new EcrRegistryScanningConfiguration(this, 'configuration', {
      scanType: props.scanType ?? 'BASIC',
      rule: [
        {
          scanFrequency: 'SCAN_ON_PUSH',
          repositoryFilter: [{ filter: props.repositoryFilter ?? '*', filterType: 'WILDCARD' }],
        },
      ],
    });
  }
}
