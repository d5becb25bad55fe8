/**
 * pgseed's engine as a library ("pgseed/engine"): settings, the fingerprint, regenerate, check,
 * load and clone, the pure deploy logic. No Pulumi: it loads none of @pulumi/*, like the CLI.
 */
export { resolveSettings, findProjectFile, rawFromFlags, settingKeys, SETTINGS } from "../config";
export type { RawSettings, Settings, SettingKey } from "../config";
export type { EngineSettings } from "../seed/core/settings";
export { PgseedError, EXIT_FAILED, EXIT_USAGE } from "../seed/core/errors";
export { computeFingerprint } from "../seed/inputs/fingerprint";
export type { FingerprintResult } from "../seed/inputs/fingerprint";
export { fingerprintInput } from "../seed/inputs/recipe";
export { regenerate } from "../seed/build/regenerate";
export type { RegenerateOptions, RegenerateResult } from "../seed/build/regenerate";
export { checkSeed } from "../seed/seedfile/check";
export type { CheckResult } from "../seed/seedfile/check";
export { seedStatus } from "../seed/seedfile/state";
export { loadSeed } from "../seed/database/load";
export { cloneSeed } from "../seed/database/clone";
export type { CloneResult, CloneStrategy } from "../seed/database/clone";
export { migrateDatabase } from "../seed/database/migrate";
export { instanceStatus } from "../seed/database/status";
export { makePreseededImage } from "../seed/image";
export { renderWorkflow, workflowOptions } from "../deploy/workflow";
export { planInstances } from "../deploy/instances";
