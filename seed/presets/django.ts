/** django: manage.py migrate; the migration files of every app; applied timestamps pinned. */
import type { Preset } from "./types";
import { findPython, withPython } from "../python";
import { djangoFingerprintExtras, probeDjango, throughRunner } from "../djangoGraph";

const INSTALL = "install Django for python3 (Debian: apt-get install -y python3-django python3-psycopg2; or pip install -r requirements.txt), or pass --migrate-command";

/** The interpreter that has Django (the tests and the bench use it too). */
export const findDjangoPython = (cwd: string) => findPython("django", cwd, INSTALL);

export const django: Preset = {
  name: "django",
  summary: "Django: **/migrations/**/*.py, manage.py migrate",
  defaultMigrations: () => ["**/migrations/**/*.py"],
  defaultMigrateCommand: "python3 manage.py migrate --noinput",
  // applied = now() on every migrate: pin it to one instant.
  normalizeSql: "UPDATE django_migrations SET applied = '2000-01-01 00:00:00+00';\n",
  // `python3 manage.py migrate …` runs through pgseed's runner: Django migrates pgseed's server
  // whatever settings.py says (the recipe keeps the command as written: machine independent).
  runnableCommand: async (command, appDir) => throughRunner(await withPython(command, "django", appDir, INSTALL)),
  // --keepdb: the workflow restores the seed into test_<name>; the runner keeps it instead of migrating from scratch.
  ciTestCommand: "python manage.py test --noinput --keepdb",
  // Django's graph: contrib and third-party migrations wherever installed, the version, the app order.
  fingerprintExtras: (appDir) => djangoFingerprintExtras(appDir),
  expectedMigrations: (appDir) => probeDjango(appDir).migrations,
};
