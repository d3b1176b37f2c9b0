/** The config files as loaded, before anything is checked: what validation reads. */

/** Where a value starts in a config file's text (1-based), and the line its text ends on. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
}

export interface ConfigSource {
  /** Repository-relative path, used in every message about this file. */
  readonly file: string;
  /** The file's default export; undefined when the file could not be read as data (its problems are reported). */
  readonly value: unknown;
  /** The file's text, when it was read from disk: what checks of the raw text (pasted private keys) scan. */
  readonly text?: string;
  /** Where the value of each field path starts in `text` (paths as `formatPath` prints them). */
  readonly locations?: ReadonlyMap<string, SourceLocation>;
}

export interface ConfigSources {
  readonly environments: ConfigSource;
  readonly platform: ConfigSource;
  readonly teams: readonly ConfigSource[];
  /** Files in teams/ that are not team files (reported as such): only their text is read, for private keys. */
  readonly otherFiles?: readonly ConfigSource[];
}
