/** The config files as loaded, before anything is checked: what validation reads. */

export interface ConfigSource {
  /** Repository-relative path, used in every message about this file. */
  readonly file: string;
  /** The file's default export. */
  readonly value: unknown;
}

export interface ConfigSources {
  readonly environments: ConfigSource;
  readonly platform: ConfigSource;
  readonly teams: readonly ConfigSource[];
}
