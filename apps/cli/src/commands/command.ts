import type { Command } from 'commander';
import type { CliIo } from '../support/io';

/** One `podnet` subcommand: it adds itself to the program. Actions return the exit code. */
export interface CommandModule {
  register(program: Command, io: CliIo): void;
}
