/**
 * The shape of the platform's configuration, as zod schemas. Types for editor completion are inferred from these,
 * so a field exists in exactly one place. Cross-file checks (references, derived-name limits) live in checks/.
 */
import { z } from 'zod';
import { isRecord } from '../domain/json';
import { SNOWFLAKE_EDITIONS } from '../domain/snowflake-editions';
import { SCHEMA_WORKLOAD_NAMES } from '../domain/snowflake-privileges';
import { WAREHOUSE_SIZES } from '../domain/snowflake-warehouses';
import { AWS_REGIONS, AWS_REGIONS_SOURCE, regionPartition, SUPPORTED_AWS_REGIONS } from './aws-regions';
import { parseIpv4Range } from './ip';
import { closest } from './issues/suggest';
import { classifyPublicKey, keyProblem } from './keys';
import { S3_RESERVED_PREFIXES, s3BucketNameProblems } from './s3-bucket-names';
import { meaningfulText } from './text';

export const PROTECTION_LEVELS = ['standard', 'strict'] as const;
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number];

export const RESERVED_NAMES = ['platform', 'organization'] as const;

/** Environment and team names: used verbatim in stack names, AWS names and (upper-cased) Snowflake names. */
export const nameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, {
    message:
      'must start with a lowercase letter and contain only lowercase letters, digits and "-" (pattern ^[a-z][a-z0-9-]*$)',
  })
  .refine((s) => !s.endsWith('-') && !s.includes('--'), { message: 'must not end with "-" or contain "--"' })
  .refine((s) => !(RESERVED_NAMES as readonly string[]).includes(s), {
    message: `is reserved (${RESERVED_NAMES.join(', ')} name platform-wide stacks)`,
  });

/** An identifier Snowflake accepts without quoting, upper case by our convention (schemas, warehouses, users). */
export const snowflakeIdentifierSchema = z
  .string()
  .max(64, { message: 'must be at most 64 characters' })
  .regex(/^[A-Z][A-Z0-9_]*$/, {
    message:
      'must be an unquoted Snowflake identifier in upper case: a letter, then A-Z, 0-9 or "_" (pattern ^[A-Z][A-Z0-9_]*$)',
  });

/**
 * An existing Snowflake user (a person, provisioned by SSO/SCIM) by the exact name SHOW USERS lists: case matters
 * (a name created in quotes keeps its case, e.g. `jane.doe@example.com`; one created without quotes is upper case).
 * Used as written, in double quotes; so no quotes or whitespace.
 */
export const snowflakeUserNameSchema = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(255, { message: 'must be at most 255 characters' })
  .regex(/^[^\s"'`\\]*$/, {
    message:
      "must be the user's name exactly as SHOW USERS lists it (case-sensitive), without quotes, backslashes or whitespace",
  });

const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
  message:
    'must be a lowercase UUID such as 0b3f2a1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c (CircleCI: Organization/Project Settings > Overview)',
});

const awsAccountIdSchema = z.string().regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id' });
/** A region AWS has (@aws-cdk/region-info's list, offline), in a partition the platform builds ARNs for. */
const awsRegionSchema = z.string().superRefine((region, ctx) => {
  if (!AWS_REGIONS.includes(region)) {
    const guess = closest(region, AWS_REGIONS);
    ctx.addIssue({
      code: 'custom',
      message: `is not an AWS region${guess ? ` (did you mean "${guess}"?)` : ''}`,
      params: {
        fix: guess
          ? `use "${guess}"`
          : `use a region code such as eu-west-1; if AWS launched this region recently, update ${AWS_REGIONS_SOURCE}`,
      },
    });
  } else if (!SUPPORTED_AWS_REGIONS.includes(region)) {
    ctx.addIssue({
      code: 'custom',
      message: `is in the partition ${regionPartition(region)}, which this platform does not build for (aws, aws-cn, aws-us-gov)`,
      params: { fix: 'use a region of a commercial, China or GovCloud partition' },
    });
  }
});
const emailSchema = z.email({ message: 'must be an email address' });

/** A resource monitor's monthly CREDIT_QUOTA: an integer in Snowflake (and the provider), at least 1. */
export const MAX_MONTHLY_CREDIT_QUOTA = 100_000;
export const creditQuotaSchema = z
  .number()
  .int({ message: "must be a whole number of credits (Snowflake's CREDIT_QUOTA is an integer)" })
  .min(1, { message: 'must be at least 1 credit' })
  .max(MAX_MONTHLY_CREDIT_QUOTA, {
    message: `must be at most ${MAX_MONTHLY_CREDIT_QUOTA} credits a month (a guard against typos: that is hundreds of thousands of dollars)`,
  });

/** An S3 bucket name by all of S3's rules (config/s3-bucket-names.ts). */
const s3BucketNameSchema = z.string().superRefine((name, ctx) => {
  for (const problem of s3BucketNameProblems(name))
    ctx.addIssue({ code: 'custom', message: `must be a valid S3 bucket name: it ${problem.message}` });
});

/** An IPv4 address or CIDR range, strictly (config/ip.ts). */
const ipv4RangeSchema = z.string().superRefine((text, ctx) => {
  const range = parseIpv4Range(text);
  if (!range.ok) ctx.addIssue({ code: 'custom', message: range.message, params: { fix: range.fix } });
});

/** Optional free text (a comment): when given, it must say something visible. */
const commentSchema = meaningfulText().optional();

/**
 * An RSA public key as Snowflake wants it: the base64 body of an RSA SubjectPublicKeyInfo of at least 2048 bits, one
 * line (config/keys.ts decodes it). Anything else is refused with what it is instead; a private key loudly, because
 * this file is committed (and without echoing it).
 */
export const rsaPublicKeySchema = z.string().superRefine((key, ctx) => {
  const verdict = classifyPublicKey(key);
  const problem = keyProblem(verdict);
  if (problem)
    ctx.addIssue({
      code: 'custom',
      message: problem.message,
      params: { fix: problem.fix, secret: verdict.kind === 'private-key' },
    });
});

/**
 * A value that may differ per environment: one value for all, or an object keyed by environment name with an optional
 * `default`. The keys named here are the example's environments, for editor completion only: any environment name is
 * accepted (the index signature), and config/checks/per-environment-keys.ts checks the keys against the configured
 * environments. Nothing else in the code knows environment names.
 */
export type PerEnvironment<T> =
  | T
  | {
      readonly default?: T;
      readonly dev?: T;
      readonly staging?: T;
      readonly prod?: T;
      readonly [environment: string]: T | undefined;
    };

/** A zod schema of a per-environment value (see PerEnvironment); resolve.ts picks the value for an environment. */
export function perEnvironment<T extends z.ZodType>(inner: T) {
  const asRecord = z.record(z.string(), inner);
  // Parsed by hand rather than z.union so a wrong value gets the inner schema's message, not "invalid union".
  return z.unknown().transform((value, ctx) => {
    const result = (isRecord(value) ? asRecord : inner).safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      // Keep the original issue's details (code, allowed values, limits) so issues/zod.ts words it like any other.
      const { message, path, input, ...details } = issue as typeof issue & { input?: unknown };
      ctx.addIssue({ code: 'custom', message, path: [...path], input, params: details });
    }
    return z.NEVER;
  }) as unknown as z.ZodType<PerEnvironment<z.output<T>>, PerEnvironment<z.input<T>>>;
}

const suppressionSchema = z.strictObject({
  rule: meaningfulText(),
  /** Construct path (or a glob over paths) inside the stack, e.g. `prod-acme-aws/workspace/ci-role`. */
  path: meaningfulText(),
  /** Why, and who agreed; its length and characters are checked with the rule (domain/suppressions.ts). */
  reason: z.string(),
});
export type SuppressionConfig = z.infer<typeof suppressionSchema>;

// ---------------------------------------------------------------------------------------------- environments

export const environmentSchema = z.strictObject({
  description: commentSchema,
  /** What the level means (Time Travel days, deletion protection) is set in the platform's `protectionLevels`. */
  protection: z.enum(PROTECTION_LEVELS),
  ci: z
    .strictObject({
      /** OIDC-trusted roles of this environment (team CI roles) accept only pipelines of the main branch. */
      deployFromMainOnly: z.boolean().default(true),
    })
    .prefault({}),
  ecr: z
    .strictObject({
      /** The guardrail `ecr-immutable-tags` holds here: a tag always means the same image. */
      requireImmutableTags: z.boolean().default(true),
    })
    .prefault({}),
  aws: z.strictObject({
    /** The member account's id; known only after the organization stack created it (placeholder until then). */
    accountId: awsAccountIdSchema,
    accountName: meaningfulText().max(50, { message: 'must be at most 50 characters (AWS account names)' }),
    accountEmail: emailSchema,
    organizationalUnit: z.enum(['prod', 'nonprod']),
    region: awsRegionSchema,
  }),
  snowflake: z.strictObject({
    organizationName: snowflakeIdentifierSchema,
    accountName: snowflakeIdentifierSchema,
    /**
     * The account's edition (Snowflake: Admin > Accounts, or SELECT SYSTEM$...; ask the account owner). Standard allows
     * at most 1 day of Time Travel, 1 cluster per warehouse and no materialized views: validation checks them.
     * Environments sharing an account declare the same edition.
     */
    edition: z.enum(SNOWFLAKE_EDITIONS),
    /**
     * The user this environment's pipeline deploys as: the platform stack creates it (TYPE=SERVICE, no secondary
     * roles) and grants it only this environment's two administration roles. Its private key is SNOWFLAKE_PRIVATE_KEY
     * in the environment's CircleCI contexts. Unique in the account (environments sharing an account need two).
     */
    deployUser: z.strictObject({
      name: snowflakeIdentifierSchema,
      rsaPublicKey: rsaPublicKeySchema,
      /** A second key, for rotation without downtime. */
      rsaPublicKey2: rsaPublicKeySchema.optional(),
    }),
    /**
     * The user that holds ACCOUNTADMIN for the pipeline (resource monitors, warehouses, the platform stack). Created
     * once by hand (docs/runbook.md); its key is the TF_VAR_snowflake_accountadmin_private_key of the contexts.
     */
    accountAdminUser: snowflakeIdentifierSchema,
  }),
  defaults: z
    .strictObject({
      warehouseSize: z.enum(WAREHOUSE_SIZES).default('XSMALL'),
      monthlyCreditQuota: creditQuotaSchema.default(10),
      maxClusterCount: z.number().int().min(1).max(10).default(1),
    })
    .prefault({}),
});
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type Environment = z.output<typeof environmentSchema> & { readonly name: string };

export const environmentsSchema = z.record(z.string(), environmentSchema);

// ---------------------------------------------------------------------------------------------- platform

export const platformSchema = z.strictObject({
  /** Cost center of the platform's own resources (tagged on every platform AWS resource). */
  costCenter: z
    .string()
    .regex(/^[A-Za-z0-9_.:/=+@-]{1,64}$/, { message: 'must be 1-64 characters usable in an AWS tag' }),
  /** Prefix of globally unique AWS names (S3 buckets) and of IAM names. Short: it counts against every limit. */
  namePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,14}[a-z0-9]$/, {
      message: 'must be 3-16 characters of lowercase letters, digits and "-", starting with a letter',
    })
    .refine((p) => !S3_RESERVED_PREFIXES.some((r) => p.startsWith(r)), {
      message: `must not start with ${S3_RESERVED_PREFIXES.join(', ')}: it starts every bucket name, and S3 reserves these`,
    }),
  aws: z.strictObject({
    managementAccountId: awsAccountIdSchema,
    /** Region of the management account's resources (Organizations is global, the provider still needs one). */
    managementRegion: awsRegionSchema,
    /** Id of the existing organization's root (Organizations console > AWS accounts, `r-...`): parent of the OUs. */
    organizationRootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, {
      message:
        'must be an AWS Organizations root id such as r-ab12 (aws organizations list-roots --query "Roots[0].Id")',
    }),
    allowedRegions: z.array(awsRegionSchema).min(1),
    /** Role the organization creates in each member account; the platform stacks assume it to deploy. */
    memberAccountRoleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/)
      .default('OrganizationAccountAccessRole'),
    iamUserAccessToBilling: z.enum(['ALLOW', 'DENY']).default('DENY'),
    serviceControlPolicies: z
      .strictObject({
        denyLeaveOrganization: z.boolean().default(true),
        protectSecurityServices: z.boolean().default(true),
        requireEbsEncryption: z.boolean().default(true),
        restrictRegions: z.boolean().default(true),
        denyRootUser: z.boolean().default(true),
      })
      .prefault({}),
  }),
  stateBackend: z.strictObject({
    bucket: s3BucketNameSchema,
    region: awsRegionSchema,
    keyPrefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9/-]*$/)
      .default('data-platform'),
  }),
  circleci: z.strictObject({
    organizationId: uuidSchema,
    /** This repository's CircleCI project: its pipelines get the plan and deploy roles. */
    projectId: uuidSchema,
  }),
  github: z.strictObject({
    owner: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, {
      message: 'must be a GitHub user or organization name (letters, digits and "-", at most 39)',
    }),
    repository: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, {
      message: 'must be a GitHub repository name (letters, digits, ".", "_" and "-")',
    }),
  }),
  snowflake: z.strictObject({
    biWarehouse: z.strictObject({
      size: perEnvironment(z.enum(WAREHOUSE_SIZES)),
      monthlyCreditQuota: perEnvironment(creditQuotaSchema),
    }),
    biServiceUsers: z
      .array(
        z.strictObject({
          name: snowflakeIdentifierSchema,
          comment: commentSchema,
          rsaPublicKey: rsaPublicKeySchema,
        }),
      )
      .default([]),
  }),
  guardrails: z
    .strictObject({
      maxAutoSuspendSeconds: z.number().int().positive().default(600),
      resourceMonitor: z
        .strictObject({
          /** Snowflake allows at most 5 NOTIFY triggers per resource monitor. */
          notifyPercents: z
            .array(z.number().int().positive())
            .max(5, {
              message: 'must have at most 5 entries: Snowflake allows 5 notify thresholds per resource monitor',
            })
            .default([75, 90]),
          suspendPercent: z.number().int().positive().default(100),
          suspendImmediatePercent: z.number().int().positive().default(110),
          /** Users (exact SHOW USERS names) emailed at the notify thresholds of every monitor: the platform team. */
          notifyUsers: z.array(snowflakeUserNameSchema).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  /** What each protection level means; environments pick a level. */
  protectionLevels: z
    .strictObject({
      standard: z.strictObject({
        dataRetentionTimeInDays: z.number().int().min(0).max(90),
        preventDestroy: z.boolean(),
      }),
      strict: z.strictObject({ dataRetentionTimeInDays: z.number().int().min(1).max(90), preventDestroy: z.boolean() }),
    })
    .prefault({
      standard: { dataRetentionTimeInDays: 1, preventDestroy: false },
      strict: { dataRetentionTimeInDays: 7, preventDestroy: true },
    }),
  ecr: z
    .strictObject({
      keepTaggedImages: z.number().int().min(1).default(30),
      untaggedExpiryDays: z.number().int().min(1).default(7),
    })
    .prefault({}),
  suppressions: z.array(suppressionSchema).default([]),
});
export type PlatformInput = z.input<typeof platformSchema>;
export type Platform = z.output<typeof platformSchema>;

// ---------------------------------------------------------------------------------------------- teams

/** ECR repository name part (after the team's namespace), with ECR's own character rules. */
const ecrNameSchema = z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
  message:
    'must be lowercase letters and digits, separated by single ".", "_", "-" or "/" (ECR repository rules), e.g. "ingest-worker"',
});

export const warehouseSchema = z.strictObject({
  name: snowflakeIdentifierSchema,
  comment: commentSchema,
  size: perEnvironment(z.enum(WAREHOUSE_SIZES)).optional(),
  monthlyCreditQuota: perEnvironment(creditQuotaSchema).optional(),
  autoSuspendSeconds: z.number().int().min(1).default(60),
  maxClusterCount: perEnvironment(z.number().int().min(1).max(10)).optional(),
  statementTimeoutSeconds: z.number().int().min(1).max(604800).default(3600),
});

export const teamSchema = z.strictObject({
  name: nameSchema,
  description: meaningfulText(),
  owners: z.array(emailSchema).min(1, { message: 'needs at least one owner' }),
  costCenter: z
    .string()
    .regex(/^[A-Za-z0-9_.:/=+@-]{1,64}$/, { message: 'must be 1-64 characters usable in an AWS tag' }),
  /** Environments the team is deployed to; default: all. */
  environments: z.array(z.string()).optional(),
  snowflake: z.strictObject({
    schemas: z
      .array(
        z.strictObject({
          name: snowflakeIdentifierSchema,
          comment: commentSchema,
          /** Grant this schema's READ role to the platform BI reader role (Looker, Hex...). */
          publishToBi: z.boolean().default(false),
          /**
           * What the schema holds besides tables and views (domain/snowflake-privileges.ts SCHEMA_WORKLOADS):
           * `ingestion`, `transformation`, `external-tables`, `materialized-views` (Enterprise). Default: none.
           */
          workloads: z.array(z.enum(SCHEMA_WORKLOAD_NAMES)).default([]),
        }),
      )
      .min(1, { message: 'needs at least one schema' }),
    warehouses: z.array(warehouseSchema).default([]),
    /** Datasets of other teams this team reads, as "<team>.<SCHEMA>". */
    reads: z.array(z.string()).default([]),
    serviceUsers: z
      .array(
        z.strictObject({
          name: snowflakeIdentifierSchema,
          comment: commentSchema,
          rsaPublicKey: rsaPublicKeySchema,
          rsaPublicKey2: rsaPublicKeySchema.optional(),
          /** One of the team's warehouses; default: the first. */
          defaultWarehouse: snowflakeIdentifierSchema.optional(),
          /** IPv4 addresses and ranges the user may sign in from (a network policy); a /0 needs `allowAnyIp`. */
          allowedIpList: z
            .array(ipv4RangeSchema)
            .min(1, { message: 'must list at least one address: leave allowedIpList out for no network policy' })
            .optional(),
          /** Allows a /0 range (every address) in allowedIpList, with the reason (checks/network-policies.ts). */
          allowAnyIp: z.strictObject({ reason: meaningfulText(20) }).optional(),
        }),
      )
      .default([]),
    /** Existing Snowflake users (provisioned by SSO/SCIM) who get the team role, by exact SHOW USERS name. */
    members: z.array(snowflakeUserNameSchema).default([]),
    /** Users (exact SHOW USERS names) emailed at the notify thresholds of the team's warehouse monitors. */
    notifyUsers: z.array(snowflakeUserNameSchema).default([]),
  }),
  aws: z
    .strictObject({
      ecrRepositories: z
        .array(z.strictObject({ name: ecrNameSchema, keepTaggedImages: z.number().int().min(1).optional() }))
        .default([]),
      dataBucket: z.strictObject({ noncurrentVersionExpirationDays: z.number().int().min(1).default(30) }).optional(),
      /** CircleCI project ids whose pipelines may assume the team's CI role. */
      circleciProjectIds: z.array(uuidSchema).default([]),
    })
    .prefault({}),
  suppressions: z.array(suppressionSchema).default([]),
});
export type TeamInput = z.input<typeof teamSchema>;
export type Team = z.output<typeof teamSchema>;
