/**
 * Deployed-revision records in S3, next to the Terraform state (`s3://<bucket>/<prefix>/<env>.json`), through the AWS
 * SDK's default credential chain: in CI the role the job assumed by OIDC (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE),
 * for a person their SSO profile.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type DeployedRevision, FileRevisionStore, parseRecord, RevisionError, type RevisionStore } from './revision';

export interface S3StoreOptions {
  readonly bucket: string;
  /** Key prefix without a trailing slash, e.g. `data-platform/deployed`. */
  readonly prefix: string;
  readonly region: string;
  /** Another endpoint (tests: a loopback stand-in); path-style addressing then. */
  readonly endpoint?: string;
  /** Static credentials (tests); default: the SDK's default chain. */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

export class S3RevisionStore implements RevisionStore {
  constructor(private readonly options: S3StoreOptions) {}

  private key(environment: string): string {
    return `${this.options.prefix ? `${this.options.prefix}/` : ''}${environment}.json`;
  }

  location(environment: string): string {
    return `s3://${this.options.bucket}/${this.key(environment)}`;
  }

  private client() {
    return new S3Client({
      region: this.options.region,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint, forcePathStyle: true } : {}),
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      maxAttempts: 3,
    });
  }

  async read(environment: string): Promise<DeployedRevision | undefined> {
    const client = this.client();
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(environment) }));
      return parseRecord(await out.Body!.transformToString('utf8'), this.location(environment));
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
      if (e instanceof RevisionError) throw e;
      throw new RevisionError(
        `cannot read ${this.location(environment)}: ${(e as Error).name}: ${(e as Error).message}`,
      );
    } finally {
      client.destroy();
    }
  }

  async write(record: DeployedRevision): Promise<void> {
    const client = this.client();
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.key(record.environment),
          Body: `${JSON.stringify(record, null, 2)}\n`,
          ContentType: 'application/json',
        }),
      );
    } catch (e) {
      throw new RevisionError(
        `cannot write ${this.location(record.environment)}: ${(e as Error).name}: ${(e as Error).message}`,
      );
    } finally {
      client.destroy();
    }
  }
}

/** `s3://bucket/prefix` or `file:///dir` (or a plain directory path) as a store. */
export function storeFromUrl(url: string, region: string): RevisionStore {
  const [, bucket, prefix] = /^s3:\/\/([^/]+)\/?(.*?)\/?$/.exec(url) ?? [];
  if (bucket && prefix !== undefined) return new S3RevisionStore({ bucket, prefix, region });
  if (url.startsWith('s3:')) throw new RevisionError(`"${url}" is not an s3://<bucket>/<prefix> location`);
  return new FileRevisionStore(url.startsWith('file://') ? new URL(url).pathname : url);
}
