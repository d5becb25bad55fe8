/**
 * pgseed's Pulumi library (the package's main entry, `import * as pgseed from "pgseed"`): the
 * high-level Pgseed component and the components it is made of. Importing it runs nothing and
 * loads no provider SDK: @pulumi/docker, @pulumi/github and @pulumi/random (peer dependencies)
 * load only when a component that needs one is created. The Pulumi-free engine is "pgseed/engine".
 */
export { Pgseed } from "../components/pgseed";
export type { PgseedArgs } from "../components/pgseed";
export { SeedDump } from "../components/seedDump";
export type { SeedDumpArgs } from "../components/seedDump";
export type { EngineValues, SeedDumpInputs, SeedDumpOutputs } from "../components/seedDumpOps";
export { SeededPostgres } from "../components/seededPostgres";
export type { SeededPostgresArgs } from "../components/seededPostgres";
export { PreseededImage } from "../components/preseededImage";
export type { PreseededImageArgs } from "../components/preseededImage";
export { CiWorkflow } from "../components/ciWorkflow";
export type { CiWorkflowArgs } from "../components/ciWorkflow";
export { InstanceMigration } from "../components/instanceMigration";
export type { InstanceMigrationArgs } from "../components/instanceMigration";
export type { SeedChangePolicy } from "../deploy/instances";
export type { WorkflowOptions } from "../deploy/workflow";
