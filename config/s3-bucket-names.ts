/**
 * S3's rules for general purpose bucket names (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html),
 * for the state bucket and every bucket name this config generates.
 */

/** Reserved by S3 for other kinds of names. */
export const S3_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
/** Access point aliases, Object Lambda, Multi-Region Access Points, directory and table buckets. */
export const S3_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

export interface BucketNameProblem {
  readonly message: string;
  /** A length problem (generated names have their own length check with the parts to shorten). */
  readonly length?: boolean;
}

/** Every rule `name` breaks; empty when S3 accepts it. */
export function s3BucketNameProblems(name: string): BucketNameProblem[] {
  const problems: BucketNameProblem[] = [];
  const fail = (message: string, length = false) => problems.push({ message, length });
  if (name.length < 3 || name.length > 63) fail(`must be 3 to 63 characters long (it is ${name.length})`, true);
  if (!/^[a-z0-9.-]*$/.test(name)) fail('may contain only lowercase letters, digits, "." and "-"');
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) fail('must begin and end with a lowercase letter or digit');
  if (name.includes('..')) fail('must not contain two adjacent periods ("..")');
  if (name.includes('.-') || name.includes('-.'))
    fail('must not have "-" next to "." (each dot-separated label starts and ends with a letter or digit)');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) fail('must not be formatted as an IP address');
  for (const p of S3_RESERVED_PREFIXES) if (name.startsWith(p)) fail(`must not start with "${p}" (reserved by S3)`);
  for (const s of S3_RESERVED_SUFFIXES) if (name.endsWith(s)) fail(`must not end with "${s}" (reserved by S3)`);
  if (/-\d{12}-[a-z0-9-]+-an$/.test(name))
    fail('must not end like an account-regional namespace bucket ("-<account id>-<region>-an", reserved by S3)');
  return problems;
}
