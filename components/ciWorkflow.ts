/**
 * CiWorkflow: per repository of a CI runner fleet, the rendered workflow file and the secret it
 * reads. The YAML comes from renderWorkflow (pure); this file only wires resources.
 */
import type * as githubTypes from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import {
  PASSWORD_SECRET,
  REGISTRY_SECRETS,
  renderWorkflow,
  withPreseededImage,
  workflowPath,
  WorkflowOptions,
} from "../deploy/workflow";
import { PgseedError, usageError } from "../seed/core/errors";
import { peerModule } from "./peer";

export interface CiWorkflowArgs {
  /** Repositories of the fleet (owner/name). */
  repositories: string[];
  /** Branch the workflow file is committed to. */
  branch: pulumi.Input<string>;
  /** Everything renderWorkflow needs except the fingerprint. */
  workflow: pulumi.Input<Omit<WorkflowOptions, "fingerprint" | "branch">>;
  /** Seed fingerprint: shown in the file and named in the commit message. */
  fingerprint: pulumi.Input<string>;
  /** CI database password (a secret), stored as the PGSEED_POSTGRES_PASSWORD repository secret. */
  password: pulumi.Input<string>;
  /** GitHub token (a secret); undefined: the providers read GITHUB_TOKEN. */
  token?: pulumi.Input<string>;
  /** Registry login for a private service image, stored as the REGISTRY_SECRETS secrets. */
  registry?: { username: pulumi.Input<string>; password: pulumi.Input<string> };
}

/**
 * Pure: the missing-secret error of a CI stack, or undefined. Explicit GitHub providers do not read
 * the stack's `github:token`, so the program hands it over; without it and without GITHUB_TOKEN
 * every GitHub call would fail late, one repository at a time.
 */
export function missingGithubToken(
  hasConfigToken: boolean,
  env: NodeJS.ProcessEnv,
): PgseedError | undefined {
  if (hasConfigToken || env.GITHUB_TOKEN) return undefined;
  return usageError(
    "ciEnabled is true but no GitHub token is set",
    "pulumi config set --secret github:token <token> (or export GITHUB_TOKEN=<token>), or set ciEnabled false",
  );
}

/** Pure: owner/name → the pieces the GitHub resources take. */
export function splitRepository(repo: string): { owner: string; name: string } {
  const [owner, name, extra] = repo.split("/");
  if (!owner || !name || extra !== undefined)
    throw new Error(`repository "${repo}" must read owner/name`);
  return { owner, name };
}

/** Workflow files and secrets of a CI fleet. Type token pgseed:index:CiWorkflow. */
export class CiWorkflow extends pulumi.ComponentResource {
  /** owner/name:.github/workflows/<name>.yml per repository. */
  readonly paths: pulumi.Output<string[]>;

  constructor(name: string, args: CiWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pgseed:index:CiWorkflow", name, {}, opts);
    const github = peerModule<typeof githubTypes>("@pulumi/github", "CiWorkflow", this);
    const options = pulumi
      .all([args.workflow, args.branch, args.fingerprint])
      .apply(([w, branch, fingerprint]) =>
        withPreseededImage({ ...w, branch, fingerprint, registryLogin: !!args.registry }),
      );
    const fleet: Fleet = {
      github,
      name,
      args,
      password: pulumi.secret(args.password),
      content: options.apply(renderWorkflow),
      file: options.apply((o) => workflowPath(o.name)),
      providerOf: this.providers(github, name, args.token),
    };
    this.paths = pulumi.all(args.repositories.map((repo) => this.repository(fleet, repo)));
    this.registerOutputs({ paths: this.paths });
  }

  /**
   * GitHub resources name a repository within their provider's owner: one provider per owner,
   * made when first needed. A GITHUB_TOKEN from the environment is wrapped here too: the github
   * SDK would pass it as plain text.
   */
  private providers(
    github: typeof githubTypes,
    name: string,
    given: pulumi.Input<string> | undefined,
  ): (owner: string) => githubTypes.Provider {
    const envToken = process.env.GITHUB_TOKEN;
    const token =
      given !== undefined ? pulumi.secret(given) : envToken ? pulumi.secret(envToken) : undefined;
    const owners = new Map<string, githubTypes.Provider>();
    return (owner) => {
      if (!owners.has(owner))
        owners.set(
          owner,
          new github.Provider(`${name}-owner-${owner}`, { owner, token }, { parent: this }),
        );
      return owners.get(owner)!;
    };
  }

  /** One repository: its workflow file, the password secret and the registry login's secrets. */
  private repository(f: Fleet, repo: string): pulumi.Output<string> {
    const { github, args } = f;
    const { owner, name: repoName } = this.split(repo);
    const provider = f.providerOf(owner);
    const key = `${f.name}-${owner}-${repoName}`;
    const wf = new github.RepositoryFile(
      `${key}-workflow`,
      {
        repository: repoName,
        branch: args.branch,
        file: f.file,
        content: f.content,
        overwriteOnCreate: true,
        commitMessage: pulumi.interpolate`pgseed: workflow for seed ${args.fingerprint}`,
      },
      { parent: this, provider },
    );
    new github.ActionsSecret(
      `${key}-password`,
      { repository: repoName, secretName: PASSWORD_SECRET, value: f.password },
      { parent: this, provider },
    );
    const registry = args.registry;
    if (registry)
      for (const part of ["username", "password"] as const)
        new github.ActionsSecret(
          `${key}-registry-${part}`,
          {
            repository: repoName,
            secretName: REGISTRY_SECRETS[part],
            value: pulumi.secret(registry[part]),
          },
          { parent: this, provider },
        );
    return pulumi.interpolate`${repo}:${wf.file}`;
  }

  private split(repo: string) {
    try {
      return splitRepository(repo);
    } catch (err) {
      throw new pulumi.ResourceError((err as Error).message, this, true);
    }
  }
}

/** What each repository's resources are built from. */
interface Fleet {
  github: typeof githubTypes;
  name: string;
  args: CiWorkflowArgs;
  password: pulumi.Output<string>;
  content: pulumi.Output<string>;
  file: pulumi.Output<string>;
  providerOf: (owner: string) => githubTypes.Provider;
}
