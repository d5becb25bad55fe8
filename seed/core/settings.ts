/**
 * The engine's own settings: what it takes to build, check and load a seed. config.ts builds this
 * from flags, a project file or stack config; nothing here knows about Docker instances or CI.
 */
import { RESTRICT_SINCE, SUPPORTED_MAJORS } from "./version";
export const ENGINES = ["auto", "local", "docker"] as const;
export type Engine = (typeof ENGINES)[number];

export interface EngineSettings {
  /** Absolute app folder: the migrate command runs here, globs are rooted here. */
  appDir: string;
  /** Preset name (seed/presets). */
  preset: string;
  /** Migration globs, relative to appDir. */
  migrations: string[];
  migrateCommand: string;
  /** Absolute seed path (.sql or .sql.gz). */
  seedPath: string;
  postgresVersion: number;
  /** Target image of the instances: its reference is part of the fingerprint. */
  image: string;
  /** Where the throwaway server comes from. */
  engine: Engine;
  /** Folder of the local PostgreSQL binaries. */
  pgBin?: string;
  /** Absolute path of the user's normalization SQL. */
  normalizeSqlPath?: string;
  migrateTimeoutSeconds: number;
  /**
   * The `env` setting: variables the project's settings read, given to the Django probe and the
   * migrate command (part of the fingerprint; seed/presets/env.ts). None: {}.
   */
  env?: Record<string, string>;
  /** DATABASE_URL's scheme (postgres or postgresql); "" or none: the preset's. */
  databaseUrlScheme?: string;
}

const IMAGE_RE =
  /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** Pure: the problems of a major and an image reference, each with its fix in the text. */
export function versionProblems(
  major: number,
  image: string,
  name: (key: "postgresVersion" | "image") => string = (key) => key,
): string[] {
  const problems: string[] = [];
  if (major < SUPPORTED_MAJORS.min || major > SUPPORTED_MAJORS.max) {
    problems.push(
      `${name("postgresVersion")} ${major} is not a supported PostgreSQL major (${SUPPORTED_MAJORS.min}-${SUPPORTED_MAJORS.max})`,
    );
  }
  if (!IMAGE_RE.test(image))
    problems.push(
      `${name("image")} "${image}" is not a valid image reference, e.g. postgres:${major} or registry.example.com/postgres:${major}-alpine`,
    );
  const tagMajor = /:(\d+)(?:[.-][^@]*)?(?:@|$)/.exec(image)?.[1];
  if (tagMajor && Number(tagMajor) !== major) {
    problems.push(
      `${name("image")} "${image}" is PostgreSQL ${tagMajor} but ${name("postgresVersion")} is ${major}: the seed must be made by the same major as the server; make them equal`,
    );
  }
  const tagMinor = /:(\d+)\.(\d+)(?:[.-][^@]*)?(?:@|$)/.exec(image);
  if (tagMinor && Number(tagMinor[2]) < (RESTRICT_SINCE[major] ?? 0)) {
    problems.push(
      `${name("image")} "${image}" predates PostgreSQL ${major}.${RESTRICT_SINCE[major]}, whose pg_dump writes \\restrict lines that older psql (the image's init loader) rejects; use postgres:${major} or ${major}.${RESTRICT_SINCE[major]} or later`,
    );
  }
  return problems;
}
