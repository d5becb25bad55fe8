/**
 * Dynamic resources under a multi-language component. The engine runs them, but through the
 * pulumi-nodejs provider plugin, a shell script that finds @pulumi/pulumi from the Pulumi
 * project's folder: a YAML or Python project has no node_modules, so it fails there ("Cannot find
 * module '@pulumi/pulumi/cmd/dynamic-provider'"). So the component's dynamic children get this
 * plugin as their provider (DynamicChildren), and the plugin runs each child's serialized provider
 * as @pulumi/pulumi's dynamic-provider host does: same text, same state (with `__provider`), so a
 * state moves between this plugin and the host unchanged.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";

/** The package's version (this file runs from dist/provider). */
export const VERSION: string = require(path.join(__dirname, "..", "..", "package.json")).version;

/**
 * A pgseed provider (the engine starts this plugin for it) that children take for the
 * pulumi-nodejs package of their dynamic resources: the SDK hands a child the parent's provider
 * for the child's package, which `getPackage` names.
 */
export class DynamicChildren extends pulumi.ProviderResource {
  constructor(name: string, opts?: pulumi.ResourceOptions) {
    // The version always: a program whose SDK passes one to the component (Python's) would else
    // see the provider's inputs gain it on the next run, an update that changes nothing.
    super("pgseed", name, {}, { ...opts, version: VERSION });
  }
  getPackage(): string {
    return "pulumi-nodejs";
  }
}

const PROVIDER_KEY = "__provider";
/** The engine's marker of a secret value in a property bag (acceptSecrets: true). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const isSecret = (v: any) => v !== null && typeof v === "object" && v[SECRET_SIG] === SECRET;

/** A bag with its secrets unwrapped (dynamic providers take plain values) and the secret keys. */
function unwrap(bag: Record<string, any>): { plain: Record<string, any>; secret: Set<string> } {
  const deep = (v: any): any =>
    isSecret(v)
      ? deep(v.value)
      : Array.isArray(v)
        ? v.map(deep)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
          : v;
  const secret = new Set(Object.keys(bag).filter((k) => isSecret(bag[k])));
  return { plain: deep(bag), secret };
}

/**
 * Outputs with the provider's text kept and each key secret in the inputs wrapped as secret, as
 * the engine itself does for the dynamic-provider host (which takes no secrets).
 */
function wrap(outs: Record<string, any>, secret: Set<string>, text: string) {
  const result: Record<string, any> = { ...outs, [PROVIDER_KEY]: text };
  for (const k of secret) if (k in result) result[k] = { [SECRET_SIG]: SECRET, value: result[k] };
  return result;
}

/**
 * The serialized provider, loaded as a module of this package (dist/provider): its require finds
 * pgseed itself by name (the package's own exports), so it runs the engine of this plugin.
 */
function load(text: string): pulumi.dynamic.ResourceProvider {
  const Module = require("module");
  const m = new Module(path.join(__dirname, "serialized-provider.js"), module);
  m.filename = m.id;
  m.paths = Module._nodeModulePaths(__dirname);
  m._compile(text, m.filename);
  return m.exports.handler();
}

/** The provider text of a bag: the new one unless still unknown (a preview), then the old one. */
const textOf = (news: any, olds?: any): string =>
  news?.[PROVIDER_KEY] === UNKNOWN || news?.[PROVIDER_KEY] === undefined
    ? olds?.[PROVIDER_KEY]
    : news[PROVIDER_KEY];

/** The CRUD half of the plugin's provider, for the dynamic children. */
export const dynamicChildren: Pick<
  provider.Provider,
  "check" | "diff" | "create" | "read" | "update" | "delete"
> = {
  async check(_urn, olds, news) {
    const text = textOf(news, olds);
    const p = load(text);
    const { plain, secret } = unwrap(news);
    if (!p.check) return { inputs: news };
    const r = await p.check(unwrap(olds).plain, plain);
    return { inputs: wrap(r.inputs ?? plain, secret, text), failures: r.failures };
  },
  async diff(id, _urn, olds, news) {
    const p = load(textOf(news, olds));
    return p.diff ? p.diff(id, unwrap(olds).plain, unwrap(news).plain) : {};
  },
  async create(_urn, inputs) {
    const text = textOf(inputs);
    const { plain, secret } = unwrap(inputs);
    const r = await load(text).create(plain);
    return { id: r.id, outs: wrap(r.outs ?? {}, secret, text) };
  },
  async read(id, _urn, props) {
    const text = textOf(props);
    const p = load(text);
    const { plain, secret } = unwrap(props);
    const r = p.read ? await p.read(id, plain) : { id, props: plain };
    return { id: r.id ?? id, props: wrap(r.props ?? {}, secret, text) };
  },
  async update(id, _urn, olds, news) {
    const text = textOf(news, olds);
    const p = load(text);
    const { plain, secret } = unwrap(news);
    const r = p.update ? await p.update(id, unwrap(olds).plain, plain) : {};
    return { outs: wrap(r.outs ?? {}, secret, text) };
  },
  async delete(id, _urn, props) {
    const p = load(textOf(props));
    if (p.delete) await p.delete(id, unwrap(props).plain);
  },
};
