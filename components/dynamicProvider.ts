/**
 * The shell of pgseed's dynamic providers. Pulumi writes a dynamic provider into the state as
 * text, with every value it captures, and runs that text later in the dynamic-provider host
 * (@pulumi/pulumi/cmd/dynamic-provider, started with cwd = the Pulumi project). So the provider
 * holds only this loader and each method's few lines: the loader finds the pgseed installed in
 * the project as node would (node_modules, upwards) and hands each method its compiled ops module
 * and the project folder. No path of this machine is in the state, and no environment variable is
 * read: a state written here runs on a teammate's machine against their installed pgseed.
 */
import type * as pulumi from "@pulumi/pulumi";

/** What each method gets: pgseed's ops module and the Pulumi project its paths are relative to. */
export interface Engine<M> {
  m: M;
  project: string;
}

type Method<M> = (engine: Engine<M>, ...args: any[]) => Promise<any>;

/**
 * Runs in the provider host, from its serialized text: self-contained (no import, no module
 * value). The project is pgseed's consumer; this checkout's own example program is pgseed itself.
 */
function loadEngine(opsFile: string): Engine<any> {
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const project = process.cwd();
  let root: string | undefined;
  try {
    root = path.dirname(require.resolve("pgseed/package.json", { paths: [project] }));
  } catch {
    try {
      const own = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8"));
      if (own.name === "pgseed") root = project;
    } catch {
      // no package.json: pgseed is not installed, said below
    }
  }
  if (!root)
    throw new Error(
      `pgseed is not installed in the Pulumi project ${project} (its resources run pgseed from there)\n  fix: npm install --save-dev pgseed in ${project}`,
    );
  const file = path.join(root, "dist", "components", opsFile);
  if (!fs.existsSync(file))
    throw new Error(`pgseed's ${file} is missing\n  fix: npm run build in ${root}`);
  return { m: require(file), project };
}

/** A dynamic provider whose methods each receive the engine (loaded in the host) first. */
export function engineProvider<M>(
  opsFile: string,
  methods: Record<string, Method<M>>,
): pulumi.dynamic.ResourceProvider {
  const provider: Record<string, (...args: any[]) => Promise<any>> = {};
  // A method that takes nothing (a delete that leaves everything) runs even with pgseed gone.
  for (const [name, method] of Object.entries(methods))
    provider[name] =
      method.length === 0
        ? (method as () => Promise<any>)
        : (...args: any[]) => method(loadEngine(opsFile), ...args);
  return provider as unknown as pulumi.dynamic.ResourceProvider;
}
