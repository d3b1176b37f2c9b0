/** `<team>.<SCHEMA>`, the way `snowflake.reads` names another team's dataset: the one place it is split. */
import type { DatasetRef } from './model';

const DATASET = /^([a-z][a-z0-9-]*)\.([A-Z][A-Z0-9_]*)$/;

/** The team and schema of `data-integration.CURATED`; undefined when it is not of that form. */
export function parseDatasetRef(text: string): DatasetRef | undefined {
  const [, team, schema] = DATASET.exec(text) ?? [];
  return team && schema ? { team, schema } : undefined;
}

export function datasetKey(ref: DatasetRef): string {
  return `${ref.team}.${ref.schema}`;
}

/** Any `<team>.<schema>`, however spelt (for messages that point at the misspelt half); undefined without a ".". */
export function splitDatasetRef(text: string): DatasetRef | undefined {
  const [, team, schema] = /^([^.]+)\.(.+)$/.exec(text) ?? [];
  return team && schema ? { team, schema } : undefined;
}
