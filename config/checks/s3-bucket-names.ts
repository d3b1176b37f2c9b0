/**
 * Every bucket name this config generates (`<namePrefix>-<env>-<team>-data`) follows S3's naming rules; the state
 * bucket's name is checked by the schema. Length is name-lengths' business (it says which part to shorten).
 */
import type { ConfigIssue } from '../errors';
import { s3BucketNameProblems } from '../s3-bucket-names';
import type { ConfigCheck } from './check';

export const s3BucketNames: ConfigCheck = {
  name: 's3-bucket-names',
  run: ({ model }) => {
    if (!model) return [];
    const issues: ConfigIssue[] = [];
    const reported = new Set<string>();
    for (const env of model.environments) {
      for (const team of env.teams) {
        const bucket = team.aws.dataBucket?.bucketName;
        if (!bucket) continue;
        for (const problem of s3BucketNameProblems(bucket)) {
          if (problem.length || reported.has(`${team.file} ${problem.message}`)) continue;
          reported.add(`${team.file} ${problem.message}`);
          issues.push({
            file: team.file,
            path: 'aws.dataBucket',
            message: `makes the S3 bucket name "${bucket}", which S3 refuses: it ${problem.message}`,
            given: bucket,
            fix: `change the team name or ${model.platform.file} › namePrefix`,
          });
        }
      }
    }
    return issues;
  },
};
