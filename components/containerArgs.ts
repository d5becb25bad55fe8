/**
 * The docker.Container arguments of one seeded instance, from deploy/containerSpec.ts: each
 * argument an Output of just the inputs it depends on, so a new fingerprint touches only those.
 */
import * as pulumi from "@pulumi/pulumi";
import { containerSpec, ContainerSpecInput } from "../deploy/containerSpec";

/**
 * Placeholders for the spec fields a container argument does not depend on (never reach the
 * provider).
 */
export const SPEC_DEFAULTS: ContainerSpecInput = {
  name: "",
  image: "",
  major: 15,
  network: "bridge",
  port: 5432,
  bindAddress: "127.0.0.1",
  dbUser: "",
  dbName: "",
  fingerprint: "",
  healthcheck: "",
  volumeName: "",
  seedPath: "seed-db.sql",
  seedSha256: "",
};

type I<T> = pulumi.Input<T>;
export type SpecOf = (over: Partial<ContainerSpecInput>) => ReturnType<typeof containerSpec>;

/**
 * The docker.Container arguments of one instance's containerSpec, each from just its own inputs: a
 * new fingerprint must not touch the others.
 */
export function containerArgs(
  specOf: SpecOf,
  i: {
    dbUser: I<string>;
    dbName: I<string>;
    password: I<string>;
    fingerprint: I<string>;
    volumeName: I<string>;
    seedPath: I<string>;
    seedSha256: I<string>;
    healthcheck: I<string>;
    port: number;
    bindAddress: I<string>;
  },
) {
  const fixed = specOf({ port: i.port });
  const env = pulumi
    .all([i.dbUser, i.dbName])
    .apply(([dbUser, dbName]) => specOf({ dbUser, dbName, port: i.port }).env);
  return {
    entrypoints: fixed.entrypoint,
    restart: fixed.restart,
    networkMode: fixed.networkMode,
    command: pulumi
      .output(i.bindAddress)
      .apply((bindAddress) => specOf({ port: i.port, bindAddress }).command),
    envs: pulumi
      .all([env, pulumi.secret(pulumi.interpolate`POSTGRES_PASSWORD=${i.password}`)])
      .apply(([e, pw]) => [...e, pw]),
    labels: pulumi.output(i.fingerprint).apply((fingerprint) => specOf({ fingerprint }).labels),
    ports: pulumi
      .output(i.bindAddress)
      .apply((bindAddress) => specOf({ port: i.port, bindAddress }).ports),
    volumes: pulumi.output(i.volumeName).apply((volumeName) => specOf({ volumeName }).volumes),
    uploads: pulumi
      .all([i.seedPath, i.seedSha256])
      .apply(([seedPath, seedSha256]) => specOf({ seedPath, seedSha256 }).uploads),
    healthcheck: pulumi
      .output(i.healthcheck)
      .apply((healthcheck) => specOf({ healthcheck }).healthcheck),
  };
}
