import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { CreateApiKeyInputSchema, type Principal } from '@podnet/contracts';
import { ApiKeyService } from '../auth/api-key.service';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import { isUuid, parseInput } from '../common/parse-input';
import { CreateApiKeyInput, CreatedApiKey } from './models';

@Resolver()
export class KeysResolver {
  constructor(private readonly keys: ApiKeyService) {}

  /** Admin only: a key for a team (created when new). The secret is in the answer, once. */
  @Mutation(() => CreatedApiKey)
  @RequireScope('ADMIN')
  createApiKey(@CurrentPrincipal() principal: Principal, @Args('input', { type: () => CreateApiKeyInput }) input: CreateApiKeyInput) {
    const parsed = parseInput(CreateApiKeyInputSchema, { ...input }, ['input']);
    return this.keys.create(principal, parsed.team, parsed.scope);
  }

  /** Admin only: revokes a key of the admin's own team (false when there is no such live key). */
  @Mutation(() => Boolean)
  @RequireScope('ADMIN')
  revokeApiKey(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return isUuid(id) ? this.keys.revoke(principal, id) : Promise.resolve(false);
  }
}
