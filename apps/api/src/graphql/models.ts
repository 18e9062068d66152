import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { API_KEY_SCOPES, RUN_KINDS, RUN_STATUSES, VERSION_SOURCES } from '@podnet/contracts';
import { JsonScalar } from './json.scalar';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const RunKindEnum = asEnum(RUN_KINDS);
export const RunStatusEnum = asEnum(RUN_STATUSES);
export const ApiKeyScopeEnum = asEnum(API_KEY_SCOPES);
export const VersionSourceEnum = asEnum(VERSION_SOURCES);
registerEnumType(RunKindEnum, { name: 'RunKind' });
registerEnumType(RunStatusEnum, { name: 'RunStatus' });
registerEnumType(ApiKeyScopeEnum, { name: 'ApiKeyScope' });
registerEnumType(VersionSourceEnum, { name: 'VersionSource' });

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType()
export class Design {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Int, { description: 'Number of versions submitted' }) versionCount!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType()
export class DesignVersion {
  @Field(() => ID) id!: string;
  @Field(() => ID) designId!: string;
  @Field(() => Int) number!: number;
  @Field(() => String) contentHash!: string;
  @Field(() => JsonScalar, { description: 'What the loader read: counts of nodes, pods, workloads, services, policies' }) summary!: unknown;
  @Field(() => ID, { nullable: true }) parentId!: string | null;
  @Field(() => VersionSourceEnum) source!: string;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType()
export class RunError {
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
  @Field(() => JsonScalar, { nullable: true, description: 'JSON path of the offending value' }) path!: unknown;
}

@ObjectType()
export class Run {
  @Field(() => ID) id!: string;
  @Field(() => ID) versionId!: string;
  @Field(() => RunKindEnum) kind!: string;
  @Field(() => JsonScalar) params!: unknown;
  @Field(() => RunStatusEnum) status!: string;
  @Field(() => Int) progress!: number;
  @Field(() => JsonScalar, { nullable: true, description: 'The JSON the matching podnet command prints with -o json' }) result!: unknown;
  @Field(() => RunError, { nullable: true }) error!: RunError | null;
  @Field(() => Int) attempts!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType()
export class DesignEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Design) node!: Design;
}

@ObjectType()
export class DesignConnection {
  @Field(() => [DesignEdge]) edges!: DesignEdge[];
  @Field(() => [Design]) nodes!: Design[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
export class DesignVersionEdge {
  @Field(() => String) cursor!: string;
  @Field(() => DesignVersion) node!: DesignVersion;
}

@ObjectType()
export class DesignVersionConnection {
  @Field(() => [DesignVersionEdge]) edges!: DesignVersionEdge[];
  @Field(() => [DesignVersion]) nodes!: DesignVersion[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The secret: shown once, never stored' }) key!: string;
  @Field(() => String) team!: string;
  @Field(() => ApiKeyScopeEnum) scope!: string;
  @Field(() => String) prefix!: string;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class CreateDesignInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class SubmitDesignVersionInput {
  @Field(() => ID) designId!: string;
  @Field(() => String, { description: 'The ClusterDesign plus manifests, as YAML or JSON text' }) content!: string;
}

@InputType()
export class RequestRunInput {
  @Field(() => ID) versionId!: string;
  @Field(() => RunKindEnum) kind!: string;
  @Field(() => JsonScalar, { nullable: true }) params?: unknown;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String) team!: string;
  @Field(() => ApiKeyScopeEnum) scope!: string;
}
