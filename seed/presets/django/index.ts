/** django: manage.py migrate; the migration files of every app; applied timestamps pinned. */
import type { Preset } from "../types";
import { findPython, startsWithBarePython, withInterpreter } from "../python";
import { DJANGO_ENV, djangoFingerprintExtras, probeDjango } from "./graph";
import { throughRunner } from "./runner";

const INSTALL =
  "install Django for python3 (Debian: apt-get install -y python3-django python3-psycopg2; or pip install -r requirements.txt), or pass --migrate-command";

/** The interpreter that has Django (the tests and the bench use it too). */
export const findDjangoPython = (cwd: string) => findPython("django", cwd, INSTALL);

/**
 * applied = now() on every migrate: pinned to one instant. Ids depend on the order things were
 * created (django_migrations by apply order; content types and permissions by post_migrate),
 * which differs between a from-scratch and an incremental regenerate: renumbered in a canonical
 * order, with every foreign key that points at them. Django's foreign keys are deferrable; a
 * table referenced by a non-deferrable one is left as it is (incremental then falls back, see
 * --verify).
 */
const NORMALIZE = `UPDATE django_migrations SET applied = '2000-01-01 00:00:00+00';
CREATE FUNCTION pg_temp.pgseed_renumber(tbl regclass, canonical text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE fk record;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = tbl AND NOT condeferrable) THEN RETURN; END IF;
  SET CONSTRAINTS ALL DEFERRED;
  EXECUTE format('CREATE TEMP TABLE pgseed_ids ON COMMIT DROP AS SELECT * FROM (SELECT id AS old, row_number() OVER (ORDER BY %s) AS new FROM %s) m WHERE old <> new', canonical, tbl);
  FOR fk IN SELECT c.conrelid::regclass AS t, a.attname AS col FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = tbl AND array_length(c.conkey, 1) = 1 LOOP
    EXECUTE format('UPDATE %s x SET %I = -m.new FROM pgseed_ids m WHERE x.%I = m.old', fk.t, fk.col, fk.col);
    EXECUTE format('UPDATE %s SET %I = -%I WHERE %I < 0', fk.t, fk.col, fk.col, fk.col);
  END LOOP;
  EXECUTE format('UPDATE %s x SET id = -m.new FROM pgseed_ids m WHERE x.id = m.old', tbl);
  EXECUTE format('UPDATE %s SET id = -id WHERE id < 0', tbl);
  DROP TABLE pgseed_ids;
  EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), max(id)) FROM %s', tbl, 'id', tbl);
  -- pg_dump copies rows in their physical order: rewrite the table in id order, leaving no CLUSTER mark
  -- (the renumbering is whole here, so its deferred checks can run first: CLUSTER refuses pending ones).
  SET CONSTRAINTS ALL IMMEDIATE;
  EXECUTE format('CLUSTER %s USING %I', tbl, (SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = tbl AND i.indisprimary));
  EXECUTE format('ALTER TABLE %s SET WITHOUT CLUSTER', tbl);
END $$;
SELECT pg_temp.pgseed_renumber('django_migrations', 'app COLLATE "C", name COLLATE "C"');
SELECT pg_temp.pgseed_renumber('django_content_type', 'app_label COLLATE "C", model COLLATE "C"') WHERE to_regclass('django_content_type') IS NOT NULL;
SELECT pg_temp.pgseed_renumber('auth_permission', 'content_type_id, codename COLLATE "C"') WHERE to_regclass('auth_permission') IS NOT NULL;
`;

export const django: Preset = {
  name: "django",
  defaultMigrations: () => ["**/migrations/**/*.py"],
  defaultMigrateCommand: "python3 manage.py migrate --noinput",
  normalizeSql: NORMALIZE,
  // `python3 manage.py migrate …` runs through pgseed's runner: Django migrates pgseed's server
  // whatever settings.py says (the recipe keeps the command as written: machine independent).
  // Under the interpreter the probe found Django with (cached: the fingerprint just ran it).
  runnableCommand: async (command, project) =>
    throughRunner(
      startsWithBarePython(command)
        ? withInterpreter(command, probeDjango(project).interpreter)
        : command,
    ),
  // The probe and the migrate command see the same environment: pgseed's, not the user's.
  ...DJANGO_ENV,
  // --keepdb: the workflow restores the seed into test_<name>; the runner keeps it instead of
  // migrating from scratch.
  appliesByGraph: true,
  lockFiles: { sets: ["python"], above: true },
  ciTestCommand: "python manage.py test --noinput --keepdb",
  // Django's graph: contrib and third-party migrations wherever installed, the version, the app
  // order.
  fingerprintExtras: (project) => djangoFingerprintExtras(project),
  expectedMigrations: (project) => probeDjango(project).migrations,
};
