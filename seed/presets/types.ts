/**
 * A preset is one migration tool, as one unit: its default migration globs and migrate command,
 * the statements that pin its volatile rows, how its command finds an interpreter, and its CI
 * test command. Adding a preset is one file in this folder plus one entry in ./index.ts; the
 * compiler rejects a preset that leaves a field out.
 */
import type { LockFileSet } from "../core/files";
import type { EnvPolicy, ProjectContext } from "./env";

export type { ProjectContext } from "./env";

/** What a preset adds to the fingerprint besides the glob-matched files. */
export interface FingerprintExtras {
  /** (key, content) pairs; keys are machine independent (never an absolute path). */
  files: Array<[string, Buffer]>;
  /**
   * Ordered lists (django: INSTALLED_APPS), a key per item and position (inputs/fingerprint.ts),
   * so an incremental build can tell an item added from one removed or moved.
   */
  ordered?: Record<string, readonly string[]>;
  /** Migrations these files stand for (reported as the migration count). */
  migrationCount: number;
}

/**
 * A migration the plan expects applied; a squashing one also counts as applied when all it replaces
 * are.
 */
export interface ExpectedMigration {
  app: string;
  name: string;
  replaces?: Array<[string, string]>;
}

export interface Preset extends EnvPolicy {
  /** The name users pass (--preset NAME, preset: NAME). */
  readonly name: string;
  /**
   * Default migration globs, relative to the app dir (may read the app's own config, e.g.
   * alembic.ini).
   */
  defaultMigrations(appDir: string): string[];
  /** Default migrate command; "" means the user must give one. */
  readonly defaultMigrateCommand: string;
  /**
   * Statements run before the dump so equal migrations give equal bytes ("" for none). Part of the
   * fingerprint.
   */
  readonly normalizeSql: string;
  /**
   * The command as it will run on this machine (e.g. `python3` → an interpreter that has the tool).
   */
  runnableCommand(command: string, project: ProjectContext): Promise<string>;
  /**
   * DATABASE_URL's scheme the tool's ecosystem expects (dj-database-url and most Django settings
   * test for postgres://; SQLAlchemy refuses it and wants postgresql://). The databaseUrlScheme
   * setting overrides it.
   */
  readonly databaseUrlScheme: EnvPolicy["databaseUrlScheme"];
  /**
   * false: the tool sees only the interpreter's variables of the user's environment, so what it
   * reads is the same on every machine (presets/env.ts); true: all but the database ones.
   */
  readonly inheritsUserEnv: boolean;
  /**
   * Whether the tool applies migrations by their graph (an added one may sort anywhere), not in
   * file order.
   */
  readonly appliesByGraph: boolean;
  /**
   * The lock files that pin this tool's ecosystem, and whether those above the app dir (up to the
   * repository root) count too.
   */
  readonly lockFiles: { sets: readonly LockFileSet[]; above: boolean };
  /** Default test command of the generated CI workflow. */
  readonly ciTestCommand: string;
  /**
   * What the fingerprint counts besides the glob-matched files (django: its migration graph); keys
   * never hold an absolute path.
   */
  fingerprintExtras(project: ProjectContext): FingerprintExtras;
  /**
   * Migrations the guard expects applied after the migrate command (django: the graph's plan);
   * undefined: only "something was created".
   */
  expectedMigrations(project: ProjectContext): ExpectedMigration[] | undefined;
}
