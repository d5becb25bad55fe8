/**
 * Exit codes scripts can rely on (documented in the README):
 * 0 success; 1 the operation ran and failed (stale seed, migrate failed, load refused);
 * 2 usage, settings or I/O errors (nothing was attempted).
 */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * An error meant for a person: one line naming the problem, then how to fix it. URL passwords are
 * masked here, once, for every path an error takes (CLI, Pulumi's logs, tests).
 */
export class PgseedError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(maskUrls(fix ? `${message}\n  fix: ${fix}` : message));
    this.name = "PgseedError";
  }
}

export function usageError(message: string, fix: string): PgseedError {
  return new PgseedError(message, fix, EXIT_USAGE);
}

/** Masks the password of any postgres URL inside a text, so errors and logs never carry it. */
export function maskUrls(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)([^@\s]*)@/g, "$1****@");
}
