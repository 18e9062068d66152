import { Command, CommanderError } from 'commander';
import { DesignError, formatIssue, PodnetError } from '@podnet/contracts';
import { commands } from './commands';
import { CheckFailed, ExitCode, UsageError } from './support/errors';
import { processIo, type CliIo } from './support/io';

/** Builds the `podnet` program with every subcommand registered. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('podnet')
    .description('Understand and plan Kubernetes networking on AWS: traces, NetworkPolicy, EKS capacity.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  for (const command of commands) command.register(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  return program;
}

/**
 * Runs `podnet` with argv (as in process.argv) and returns the exit code: 0 ok, 1 a check failed,
 * 2 bad input, 3 internal error. Errors are printed as messages, never as stack traces
 * (set PODNET_DEBUG=1 to see one).
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version exit through here with code 0; commander already printed its message.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (error instanceof CheckFailed) {
    if (error.message) io.stderr(`${error.message}\n`);
    return ExitCode.checkFailed;
  }
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof DesignError) {
    const n = error.issues.length;
    io.stderr(`error: the input is not valid (${n} problem${n === 1 ? '' : 's'}):\n`);
    for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof PodnetError && error.code !== 'INTERNAL') {
    io.stderr(`error: ${error.message}\n`);
    return ExitCode.badInput;
  }
  io.stderr(`internal error: ${(error as Error)?.message ?? String(error)}\n`);
  if (io.env['PODNET_DEBUG']) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
  return ExitCode.internal;
}
