/** Exit codes, the same for every command (shared/docs/cli-contract.md). */
export const ExitCode = { ok: 0, checkFailed: 1, badInput: 2, internal: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake in the command line or the input files: exit 2 with the message as is. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A check the user asked for did not hold (a failed assertion, a diff with --exit-code): exit 1. */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}
