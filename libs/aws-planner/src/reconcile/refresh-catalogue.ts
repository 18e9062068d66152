import { paginateDescribeInstanceTypes, type InstanceTypeInfo } from '@aws-sdk/client-ec2';
import { defaultCatalogue, type Catalogue } from '../catalogue/catalogue';
import type { CatalogueFile, InstanceTypeLimits } from '../catalogue/instance-type';
import { ec2Client, type Ec2ConnectionOptions } from './ec2-client';
import { toInstanceTypeLimits } from './instance-type-info';

/** Where and how to read `DescribeInstanceTypes`. */
export interface RefreshCatalogueOptions extends Ec2ConnectionOptions {
  /** Only these types (default: every type the region offers). */
  readonly instanceTypes?: readonly string[];
  /** Where branch-ENI limits come from (no EC2 API has them) [the bundled catalogue]. */
  readonly branchSource?: Catalogue;
  /** Recorded in `source.generatedAt` when given (left out otherwise, so output stays reproducible). */
  readonly generatedAt?: string;
  /** Page size for DescribeInstanceTypes (5..100) [100]. */
  readonly pageSize?: number;
}

/**
 * Rebuilds the catalogue from EC2 `DescribeInstanceTypes` in one region, paginated, with the VPC CNI generator's
 * default-network-card rule. Branch-ENI limits are kept from the bundled catalogue (null for new types).
 * The result has the bundled file's shape, sorted by type.
 *
 * @example
 * const file = await refreshCatalogue({ region: 'us-east-1' });
 * createCatalogue(file).get('m7i.large').maxEnis // => 3
 */
export async function refreshCatalogue(options: RefreshCatalogueOptions): Promise<CatalogueFile> {
  const client = ec2Client(options);
  const branchSource = options.branchSource ?? defaultCatalogue();
  const infos: InstanceTypeInfo[] = [];
  try {
    const pages = paginateDescribeInstanceTypes(
      { client, pageSize: options.pageSize ?? 100 },
      options.instanceTypes === undefined
        ? {}
        : { InstanceTypes: [...options.instanceTypes] as never },
    );
    for await (const page of pages) infos.push(...(page.InstanceTypes ?? []));
  } finally {
    client.destroy();
  }
  const byName = new Map<string, InstanceTypeLimits>();
  for (const info of infos) {
    if (info.InstanceType === undefined) continue;
    const branch = branchSource.find(info.InstanceType)?.branchEnis ?? null;
    byName.set(info.InstanceType, toInstanceTypeLimits(info, branch));
  }
  const instanceTypes = [...byName.values()].sort((a, b) =>
    a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0,
  );
  return {
    schemaVersion: 1,
    description: `Instance-type network limits from EC2 DescribeInstanceTypes in ${options.region} (podnet catalogue refresh)`,
    source: {
      generator: 'podnet catalogue refresh',
      api: 'ec2:DescribeInstanceTypes',
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }),
      defaultNetworkCardRule:
        'maxEnis = NetworkCards[DefaultNetworkCardIndex].MaximumNetworkInterfaces when there is more than one card, else MaximumNetworkInterfaces (amazon-vpc-cni-k8s scripts/gen_vpc_ip_limits.go)',
      branchEnis:
        'kept from the bundled catalogue (aws/amazon-vpc-resource-controller-k8s limits.go); no EC2 API exposes them',
    },
    count: instanceTypes.length,
    instanceTypes,
  };
}
