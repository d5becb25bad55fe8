/**
 * Settings (the declaration, resolution, sources and what derives from them), for every caller:
 * the CLI, the Pulumi components and the example program. seed/ never imports it.
 */
export * from "./declaration";
export * from "./resolve";
export * from "./derived";
export * from "./sources";
