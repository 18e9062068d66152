import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { DesignRecord, DesignVersionRecord, Page, Principal } from '@podnet/contracts';
import { Database } from '@podnet/db';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import { DesignsService } from '../designs/designs.service';
import { loadersOf, type GqlContext } from './loaders';
import { CreateDesignInput, Design, DesignConnection, DesignVersion, DesignVersionConnection, Run, SubmitDesignVersionInput } from './models';

function connection<T extends { id: string }>(page: Page<T>) {
  return {
    edges: page.items.map((node, i) => ({ cursor: page.cursors[i] ?? '', node })),
    nodes: page.items,
    pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
  };
}

@Resolver(() => Design)
export class DesignResolver {
  constructor(
    private readonly service: DesignsService,
    private readonly db: Database,
  ) {}

  @Query(() => DesignConnection)
  async designs(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('name', { type: () => String, nullable: true, description: 'only the design of this name' }) name: string | null,
  ) {
    const page = await this.service.page(principal, Math.max(1, Math.min(100, first)), after, name);
    return connection(page);
  }

  @Query(() => Design, { nullable: true })
  design(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<DesignRecord> {
    return this.service.get(principal, id);
  }

  @Mutation(() => Design)
  @RequireScope('WRITE')
  createDesign(@CurrentPrincipal() principal: Principal, @Args('input', { type: () => CreateDesignInput }) input: CreateDesignInput): Promise<DesignRecord> {
    return this.service.create(principal, { ...input }, ['input']);
  }

  @ResolveField(() => DesignVersionConnection)
  async versions(
    @Parent() design: DesignRecord,
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: GqlContext,
  ) {
    const size = Math.max(1, Math.min(100, first));
    // First pages of many designs in one batch (a list of designs asks for each one's versions).
    if (!after) return connection(await loadersOf(ctx, this.db, principal).versionsFirstPage(size).load(design.id));
    return connection(await this.service.versions(principal, design.id, size, after));
  }
}

@Resolver(() => DesignVersion)
export class DesignVersionResolver {
  constructor(
    private readonly designs: DesignsService,
    private readonly db: Database,
  ) {}

  @Query(() => DesignVersion, { nullable: true })
  designVersion(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<DesignVersionRecord> {
    return this.designs.version(principal, id);
  }

  @Mutation(() => DesignVersion)
  @RequireScope('WRITE')
  async submitDesignVersion(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => SubmitDesignVersionInput }) input: SubmitDesignVersionInput,
  ): Promise<DesignVersionRecord> {
    return (await this.designs.submit(principal, { ...input }, 'API', ['input'])).version;
  }

  @ResolveField(() => Design)
  async design(@Parent() version: DesignVersionRecord, @CurrentPrincipal() principal: Principal, @Context() ctx: GqlContext) {
    return loadersOf(ctx, this.db, principal).design.load(version.designId);
  }

  @ResolveField(() => [Run])
  async runs(@Parent() version: DesignVersionRecord, @CurrentPrincipal() principal: Principal, @Context() ctx: GqlContext) {
    return loadersOf(ctx, this.db, principal).runsOfVersion.load(version.id);
  }
}
