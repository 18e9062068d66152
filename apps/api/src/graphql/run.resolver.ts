import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { TERMINAL_RUN_STATUSES, type Principal, type RunRecord } from '@podnet/contracts';
import { Database } from '@podnet/db';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import { RunEvents } from '../queue/run-events';
import { InlineTraceService } from '../runs/inline-trace.service';
import { RunsService } from '../runs/runs.service';
import { JsonScalar } from './json.scalar';
import { loadersOf, type GqlContext } from './loaders';
import { DesignVersion, RequestRunInput, Run } from './models';

@Resolver(() => Run)
export class RunResolver {
  constructor(
    private readonly runs: RunsService,
    private readonly events: RunEvents,
    private readonly db: Database,
    private readonly inline: InlineTraceService,
  ) {}

  /** `podnet trace -o json` on a stored version, answered inline (small versions; larger ones: a TRACE run). */
  @Query(() => JsonScalar)
  traceVersion(
    @CurrentPrincipal() principal: Principal,
    @Args('versionId', { type: () => ID }) versionId: string,
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('seed', { type: () => Int, nullable: true }) seed: number | null,
  ) {
    return this.inline.trace(principal, versionId, { from, to, ...(seed === null ? {} : { seed }) }, []);
  }

  @Query(() => Run, { nullable: true })
  run(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<RunRecord> {
    return this.runs.get(principal, id);
  }

  @Mutation(() => Run)
  @RequireScope('WRITE')
  requestRun(@CurrentPrincipal() principal: Principal, @Args('input', { type: () => RequestRunInput }) input: RequestRunInput): Promise<RunRecord> {
    return this.runs.request(principal, { ...input }, ['input']);
  }

  /** A DIFF run: `podnet diff -f <from> --against <to>` on two stored versions. */
  @Mutation(() => Run)
  @RequireScope('WRITE')
  compareVersions(
    @CurrentPrincipal() principal: Principal,
    @Args('from', { type: () => ID }) from: string,
    @Args('to', { type: () => ID }) to: string,
  ): Promise<RunRecord> {
    return this.runs.compare(principal, { from, to });
  }

  @Mutation(() => Run)
  @RequireScope('WRITE')
  cancelRun(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<RunRecord> {
    return this.runs.cancel(principal, id);
  }

  @ResolveField(() => DesignVersion)
  version(@Parent() run: RunRecord, @CurrentPrincipal() principal: Principal, @Context() ctx: GqlContext) {
    return loadersOf(ctx, this.db, principal).version.load(run.versionId);
  }

  /** The run now and on every change (status, progress) until it finishes. */
  @Subscription(() => Run, { resolve: (value: RunRecord) => value })
  async runUpdated(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<AsyncIterableIterator<RunRecord>> {
    await this.runs.get(principal, id); // NOT_FOUND for another team's run
    return runUpdates(this.events, () => this.db.runs.get(principal.teamId, id), id);
  }
}

/** An async iterator of a run's states: the current one, then one per change notice, ending when finished. */
function runUpdates(events: RunEvents, read: () => Promise<RunRecord | null>, id: string): AsyncIterableIterator<RunRecord> {
  const pending: RunRecord[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let last = '';
  const push = async () => {
    const run = await read();
    if (!run) return;
    const key = `${run.status}:${run.progress}:${run.attempts}`;
    if (key === last) return;
    last = key;
    pending.push(run);
    wake?.();
  };
  const unsubscribe = events.on(id, () => void push());
  void push();
  const iterator: AsyncIterableIterator<RunRecord> = {
    [Symbol.asyncIterator]: () => iterator,
    next: async () => {
      while (pending.length === 0 && !done) await new Promise<void>((r) => (wake = r));
      const value = pending.shift();
      if (!value) return { done: true, value: undefined };
      if (TERMINAL_RUN_STATUSES.includes(value.status)) {
        done = true;
        unsubscribe();
      }
      return { done: false, value };
    },
    return: async () => {
      done = true;
      unsubscribe();
      wake?.();
      return { done: true, value: undefined };
    },
  };
  return iterator;
}
