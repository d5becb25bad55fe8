/** The interpreter of a preset's bare `python` command (pure). */
import { startsWithBarePython, withInterpreter } from "../../seed/presets/python";

describe("the interpreter of a bare python command", () => {
  test("python3/python at the start is replaced; anything else is left as it is", () => {
    expect(withInterpreter("python3 manage.py migrate --noinput", "/venv/bin/python3")).toBe(
      "/venv/bin/python3 manage.py migrate --noinput",
    );
    expect(withInterpreter("python manage.py migrate", "/usr/bin/python3")).toBe(
      "/usr/bin/python3 manage.py migrate",
    );
    expect(withInterpreter("python3.12 manage.py migrate", "/usr/bin/python3")).toBe(
      "python3.12 manage.py migrate",
    );
    expect(withInterpreter("make migrate", "/usr/bin/python3")).toBe("make migrate");
    expect(startsWithBarePython("python3 x.py")).toBe(true);
    expect(startsWithBarePython("pythonista x.py")).toBe(false);
  });
});
