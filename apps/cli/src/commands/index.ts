import type { CommandModule } from './command';
import { schemaCommand } from './schema.command';
import { validateCommand } from './validate.command';
import { maxPodsCommand } from './max-pods.command';
import { warmPoolCommand } from './warm-pool.command';
import { capacityCommand } from './capacity.command';
import { catalogueCommand } from './catalogue.command';
import { reconcileCommand } from './reconcile.command';
import { traceCommand } from './trace.command';
import { reachCommand } from './reach.command';
import { diffCommand } from './diff.command';
import { checkCommand } from './check.command';
import { iptablesCommand } from './iptables.command';
import { dnsCommand } from './dns.command';
import { routeCommand } from './route.command';
import { pushCommand } from './push.command';
import { keysCommand } from './keys.command';

/** Every subcommand, in help order. Add one import and one entry per command. */
export const commands: CommandModule[] = [
  validateCommand,
  schemaCommand,
  maxPodsCommand,
  warmPoolCommand,
  capacityCommand,
  catalogueCommand,
  reconcileCommand,
  traceCommand,
  reachCommand,
  diffCommand,
  checkCommand,
  iptablesCommand,
  dnsCommand,
  routeCommand,
  pushCommand,
  keysCommand,
];
