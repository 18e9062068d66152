import { createHash, randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { API_KEY_SCOPES, CreateApiKeyInputSchema, type ApiKeyScope } from '@podnet/contracts';
import type { ApiKeyListing, AuditActor } from '@podnet/db';
import type { CommandModule } from './command';
import { withDatabase } from '../support/database';
import { CheckFailed, UsageError } from '../support/errors';
import type { CliIo } from '../support/io';
import { csv, markdownTable, renderOutput, table } from '../support/output';

// `podnet keys`: an operator's admin command that talks straight to the database (DATABASE_URL, else the
// embedded PGlite of `npm start`), so a team can be onboarded without an API key.

/** What `keys create -o json` prints: the API's CreatedApiKey plus whether the team is new. */
export interface CreatedKeyOutput {
  id: string;
  key: string;
  team: string;
  scope: ApiKeyScope;
  prefix: string;
  createdAt: string;
  teamCreated: boolean;
}

/** One row of `keys list -o json`: never a hash or a secret. */
export interface ListedKeyOutput {
  id: string;
  team: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new secret in the API's format (apps/api ApiKeyService.create): 192 random bits, `pn_` + base64url. */
function newSecret(): { secret: string; hash: string; prefix: string } {
  const secret = `pn_${randomBytes(24).toString('base64url')}`;
  return {
    secret,
    hash: createHash('sha256').update(secret, 'utf8').digest('hex'),
    prefix: secret.slice(0, 10),
  };
}

function parseTeam(value: string): string {
  const result = CreateApiKeyInputSchema.shape.team.safeParse(value);
  if (!result.success)
    throw new UsageError(
      `--team ${JSON.stringify(value)}: ${result.error.issues[0]?.message ?? 'not a valid team name'}`,
    );
  return result.data;
}

function parseScope(value: string): ApiKeyScope {
  const scope = API_KEY_SCOPES.find((s) => s === value.toUpperCase());
  if (!scope)
    throw new UsageError(`--scope ${JSON.stringify(value)}: must be read, write or admin`);
  return scope;
}

/** The audit actor of an operator's command: no key; the OS user and host say who. */
function operator(): AuditActor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry for this uid (some containers)
  }
  return { actorKeyId: null, detail: { actor: 'cli', user, host: hostname() } };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function listed(k: ApiKeyListing): ListedKeyOutput {
  return {
    id: k.id,
    team: k.teamName,
    prefix: k.prefix,
    scope: k.scope,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

function createdText(out: CreatedKeyOutput): string {
  return [
    ...(out.teamCreated ? [`created team ${out.team}`] : []),
    `created API key ${out.id}`,
    `  team:   ${out.team}`,
    `  scope:  ${out.scope.toLowerCase()}`,
    `  prefix: ${out.prefix}`,
    `  key:    ${out.key}`,
    '',
    'The key is shown only this once: store it now. Send it as `Authorization: Bearer <key>`.',
  ].join('\n');
}

interface OutputFlag {
  output: string;
}

/** Refuses a bad `-o` before the database is touched (a key must not be issued and then not shown). */
function checkFormat(format: string, allowed: readonly string[]): void {
  if (!allowed.includes(format))
    throw new UsageError(`-o ${JSON.stringify(format)}: must be ${allowed.join(', ')}`);
}

export const keysCommand: CommandModule = {
  register(program, io: CliIo) {
    const keys = program
      .command('keys')
      .description(
        'API keys, as an operator: talks straight to the database (DATABASE_URL, else the embedded .data/pglite of `npm start`, which must not be running)',
      );

    keys
      .command('create')
      .description('issue an API key for a team (created when new); prints the secret once')
      .requiredOption('--team <team>', 'team name (created when new)')
      .requiredOption('--scope <scope>', 'read, write or admin')
      .option('-o, --output <format>', 'txt, json or yaml', 'txt')
      .action(async (flags: OutputFlag & { team: string; scope: string }) => {
        const team = parseTeam(flags.team);
        const scope = parseScope(flags.scope);
        checkFormat(flags.output, ['txt', 'json', 'yaml']);
        const { secret, hash, prefix } = newSecret();
        const issued = await withDatabase(io.env, (db) =>
          db.apiKeys.issue(team, { scope, hash, prefix }, operator()),
        );
        const out: CreatedKeyOutput = {
          id: issued.key.id,
          key: secret,
          team: issued.team.name,
          scope: issued.key.scope,
          prefix: issued.key.prefix,
          createdAt: issued.key.createdAt.toISOString(),
          teamCreated: issued.teamCreated,
        };
        io.stdout(renderOutput(flags.output, out, { txt: () => createdText(out) }));
      });

    keys
      .command('list')
      .description(
        'API keys (every team, or one): id, team, prefix, scope, dates; never secrets or hashes',
      )
      .option('--team <team>', 'only this team')
      .option('-o, --output <format>', 'table, json, yaml, md or csv', 'table')
      .action(async (flags: OutputFlag & { team?: string }) => {
        const team = flags.team === undefined ? undefined : parseTeam(flags.team);
        checkFormat(flags.output, ['table', 'json', 'yaml', 'md', 'csv']);
        const rows = (
          await withDatabase(io.env, (db) =>
            db.apiKeys.list(team === undefined ? {} : { teamName: team }),
          )
        ).map(listed);
        const head = ['ID', 'TEAM', 'PREFIX', 'SCOPE', 'CREATED', 'LAST USED', 'REVOKED'];
        const cells = rows.map((k) => [
          k.id,
          k.team,
          k.prefix,
          k.scope.toLowerCase(),
          k.createdAt,
          k.lastUsedAt ?? '-',
          k.revokedAt ?? '-',
        ]);
        io.stdout(
          renderOutput(flags.output, rows, {
            table: () =>
              rows.length === 0
                ? `no API keys${team === undefined ? '' : ` for team ${team}`}`
                : table(head, cells, io.isTTY),
            md: () => markdownTable(head, cells),
            csv: () => csv(head, cells),
          }),
        );
      });

    keys
      .command('revoke')
      .description('revoke a live API key by id (any team); exit 1 when there is no such live key')
      .argument('<id>', 'the key id (from `podnet keys list`)')
      .option('-o, --output <format>', 'txt, json or yaml', 'txt')
      .action(async (id: string, flags: OutputFlag) => {
        if (!UUID.test(id))
          throw new UsageError(
            `key id ${JSON.stringify(id)}: must be a key id (a UUID, see podnet keys list)`,
          );
        checkFormat(flags.output, ['txt', 'json', 'yaml']);
        const revoked = await withDatabase(io.env, (db) =>
          db.apiKeys.revokeAny(id.toLowerCase(), operator()),
        );
        if (!revoked)
          throw new CheckFailed(
            `error: no live API key with id ${id} (unknown or already revoked)`,
          );
        const out = listed(revoked);
        io.stdout(
          renderOutput(flags.output, out, {
            txt: () => `revoked API key ${out.id} (team ${out.team}, prefix ${out.prefix})`,
          }),
        );
      });
  },
};
