/**
 * The multi-language package's entry (provider/package.json `main`, built to
 * dist/provider/index.js): one provider that constructs the Pgseed component (its schema read from
 * the sources by @pulumi/pulumi's component analyzer) and runs the component's dynamic children
 * (dynamic.ts). The engine starts it through the Node.js language host's RunPlugin.
 */
import * as path from "path";
import * as provider from "@pulumi/pulumi/provider";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { Pgseed } from "./pgseed";
import { VERSION, dynamicChildren } from "./dynamic";

// This file runs from dist/provider; the sources the analyzer reads are in provider/.
const sources = path.resolve(__dirname, "..", "..", "provider");
const components = new ComponentProvider({
  name: "pgseed",
  dirname: sources,
  components: [Pgseed],
  version: VERSION,
});

const pgseedProvider: provider.Provider = {
  version: components.version,
  getSchema: () => components.getSchema(),
  construct: (name, type, inputs, options) => components.construct(name, type, inputs, options),
  ...dynamicChildren,
};

provider.main(pgseedProvider, process.argv.slice(2));
