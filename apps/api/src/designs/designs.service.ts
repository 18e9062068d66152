import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  canonicalJson,
  CreateDesignInputSchema,
  loadInputs,
  MAX_DESIGN_CONTENT_BYTES,
  parseSource,
  SubmitDesignVersionInputSchema,
  type DesignRecord,
  type DesignSummary,
  type DesignVersionRecord,
  type Page,
  type Principal,
  type VersionSource,
} from '@podnet/contracts';
import { Database } from '@podnet/db';
import { isUuid, parseInput } from '../common/parse-input';
import { notFound, ServiceError } from '../errors/service-error';

/** Designs and their immutable versions, per team. */
@Injectable()
export class DesignsService {
  constructor(private readonly db: Database) {}

  async create(principal: Principal, raw: unknown, prefix: string[] = []): Promise<DesignRecord> {
    const input = parseInput(CreateDesignInputSchema, raw, prefix);
    const design = await this.db.designs.create(principal.teamId, input);
    await this.db.audit.record({ teamId: principal.teamId, actorKeyId: principal.keyId, action: 'design.create', targetType: 'Design', targetId: design.id });
    return design;
  }

  async get(principal: Principal, id: string): Promise<DesignRecord> {
    const design = isUuid(id) ? await this.db.designs.get(principal.teamId, id) : null;
    if (!design) throw notFound('design', id);
    return design;
  }

  page(principal: Principal, first: number, after?: string | null, name?: string | null): Promise<Page<DesignRecord>> {
    return this.db.designs.page(principal.teamId, first, after, name);
  }

  async versions(principal: Principal, designId: string, first: number, after?: string | null): Promise<Page<DesignVersionRecord>> {
    await this.get(principal, designId);
    return this.db.versions.page(principal.teamId, designId, first, after);
  }

  async version(principal: Principal, id: string): Promise<DesignVersionRecord> {
    const version = isUuid(id) ? await this.db.versions.get(principal.teamId, id) : null;
    if (!version) throw notFound('design version', id);
    return version;
  }

  /**
   * Validates and stores a version. Bad designs are refused with every issue's path and nothing is stored;
   * identical content (same canonical documents) returns the existing version.
   */
  async submit(principal: Principal, raw: unknown, source: VersionSource, prefix: string[] = []): Promise<{ version: DesignVersionRecord; created: boolean }> {
    // Size first: never parse an oversized design.
    const content = (raw as { content?: unknown } | null)?.content;
    if (typeof content === 'string' && Buffer.byteLength(content, 'utf8') > MAX_DESIGN_CONTENT_BYTES) {
      throw new ServiceError('PAYLOAD_TOO_LARGE', `the design is larger than ${MAX_DESIGN_CONTENT_BYTES} bytes`, [{ path: [...prefix, 'content'], message: 'too large' }]);
    }
    const input = parseInput(SubmitDesignVersionInputSchema, raw, prefix);
    await this.get(principal, input.designId);
    const { summary, contentHash } = analyse(input.content);
    return this.db.versions.submit({
      teamId: principal.teamId,
      designId: input.designId,
      contentHash,
      content: input.content,
      summary,
      authorKeyId: principal.keyId || null,
      source,
    });
  }
}

/** Loads the content (throws DesignError with paths) and hashes its canonical documents. */
export function analyse(content: string): { summary: DesignSummary; contentHash: string } {
  const source = { name: '<content>', text: content };
  const inventory = loadInputs([source]);
  const documents = parseSource(source).documents.map((d) => d.data);
  const contentHash = createHash('sha256').update(canonicalJson(documents)).digest('hex');
  return {
    contentHash,
    summary: {
      hasDesign: inventory.hasDesign,
      nodes: inventory.nodes.length,
      pods: inventory.pods.length,
      workloads: inventory.workloads.length,
      services: inventory.services.length,
      networkPolicies: inventory.networkPolicies.length,
      warnings: inventory.warnings,
    },
  };
}
