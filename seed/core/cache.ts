/** pgseed's cache folder: $PGSEED_CACHE, else $XDG_CACHE_HOME/pgseed, else ~/.cache/pgseed. */
import * as os from "os";
import * as path from "path";

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PGSEED_CACHE) return env.PGSEED_CACHE;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pgseed");
}
