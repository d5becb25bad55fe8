/**
 * Errors at the Pulumi boundary: an engine error (PgseedError: bad settings, a missing tool) is
 * one message in Pulumi terms, with no stack trace and no object dump; the engine names the
 * resource of a ResourceError. Anything else is a bug and keeps its stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { PgseedError } from "../seed/core/errors";
import { Naming, pulumiTerms } from "./terms";

export function pulumiError(err: unknown, naming: Naming, resource?: pulumi.Resource): Error {
  if (!(err instanceof PgseedError)) return err as Error;
  const text = pulumiTerms(err.message, naming);
  return resource ? new pulumi.ResourceError(text, resource, true) : new pulumi.RunError(text);
}

/**
 * The image, checked at preview when it runs on the local engine (on it, or pullable): an update
 * would otherwise fail halfway on it. The check's error names `resource`.
 */
export function previewedImage(
  image: pulumi.Input<string>,
  local: boolean,
  resource: pulumi.Resource,
  naming: Naming,
): pulumi.Input<string> {
  if (!local || !pulumi.runtime.isDryRun() || typeof image !== "string") return image;
  const problem = import("./previewChecks").then((m) =>
    m.imageProblem(image, "the instances run it"),
  );
  return pulumi.output(problem).apply((p) => {
    if (p) throw new pulumi.ResourceError(pulumiTerms(p, naming), resource, true);
    return image;
  });
}
