/**
 * A cross-file check of the config: one file in this folder, listed once in index.ts. It reads the parsed files
 * (and, when the platform parsed, the resolved model with every generated name) and returns every problem it finds.
 */
import type { KnownRule } from '../../domain/suppressions';
import type { ConfigIssue } from '../errors';
import type { PlatformConfig } from '../model';
import type { ParsedConfig } from '../parse';
import type { ConfigSources } from '../sources';

export interface ValidateOptions {
  /** Rules that suppressions may name; when omitted, suppressions' rule ids are not checked. */
  readonly rules?: readonly KnownRule[];
}

export interface CheckInput {
  /** The files as loaded (what a check of raw text, such as for pasted private keys, reads). */
  readonly sources: ConfigSources;
  /** The files that parsed with their schema, typed; invalid ones are left out (their problems are reported). */
  readonly parsed: ParsedConfig;
  /**
   * The resolved config (generated names, per-environment values) of what parsed; undefined when the platform file
   * did not parse (names need its prefix).
   */
  readonly model?: PlatformConfig;
  readonly options: ValidateOptions;
}

export interface ConfigCheck {
  /** The file's name, e.g. `dataset-reads`. */
  readonly name: string;
  readonly run: (input: CheckInput) => ConfigIssue[];
}

/** Calls `report` for every item whose key an earlier item already had (with that first item and the index). */
export function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  report: (item: T, first: T, index: number) => void,
): void {
  const first = new Map<string, T>();
  items.forEach((item, index) => {
    const k = key(item);
    const prior = first.get(k);
    if (prior !== undefined) report(item, prior, index);
    else first.set(k, item);
  });
}
