import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CreateApiKeyInputSchema, type Principal } from '@podnet/contracts';
import { z } from 'zod';
import { ApiKeyService } from '../auth/api-key.service';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import { isUuid, parseInput } from '../common/parse-input';
import { notFound } from '../errors/service-error';

@ApiTags('keys')
@ApiBearerAuth()
@Controller('v1/keys')
@RequireScope('ADMIN')
export class KeysController {
  constructor(private readonly keys: ApiKeyService) {}

  /** Admin only: a key for a team (created when new); `key` is the secret, shown once. */
  @Post()
  @ApiBody({ schema: z.toJSONSchema(CreateApiKeyInputSchema) as object })
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const input = parseInput(CreateApiKeyInputSchema, body);
    return this.keys.create(p, input.team, input.scope);
  }

  /** Revokes a key of the admin's own team. */
  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    if (!isUuid(id) || !(await this.keys.revoke(p, id))) throw notFound('API key', id);
  }
}
