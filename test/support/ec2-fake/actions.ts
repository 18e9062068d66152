import type { XmlValue } from './xml';

type Item = { [key: string]: XmlValue };

/** How one Describe* action reads its records and filters them. */
export interface ActionSpec {
  /** Key of the data set (`instanceTypes`, `subnets`, `networkInterfaces`). */
  readonly data: 'instanceTypes' | 'subnets' | 'networkInterfaces';
  /** The response's list element, e.g. `instanceTypeSet`. */
  readonly setName: string;
  /** Query parameter prefix for ids (`InstanceType`, `SubnetId`, `NetworkInterfaceId`) and the record field. */
  readonly ids: { readonly param: string; readonly field: string };
  /** EC2 filter names this fake understands, mapped to a record path (dot-separated). */
  readonly filters: Readonly<Record<string, string>>;
}

/** The Describe* actions the fake answers. */
export const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  DescribeInstanceTypes: {
    data: 'instanceTypes',
    setName: 'instanceTypeSet',
    ids: { param: 'InstanceType', field: 'instanceType' },
    filters: {
      'instance-type': 'instanceType',
      hypervisor: 'hypervisor',
      'bare-metal': 'bareMetal',
      'network-info.maximum-network-cards': 'networkInfo.maximumNetworkCards',
    },
  },
  DescribeSubnets: {
    data: 'subnets',
    setName: 'subnetSet',
    ids: { param: 'SubnetId', field: 'subnetId' },
    filters: {
      'vpc-id': 'vpcId',
      'subnet-id': 'subnetId',
      'availability-zone': 'availabilityZone',
      'cidr-block': 'cidrBlock',
    },
  },
  DescribeNetworkInterfaces: {
    data: 'networkInterfaces',
    setName: 'networkInterfaceSet',
    ids: { param: 'NetworkInterfaceId', field: 'networkInterfaceId' },
    filters: {
      'vpc-id': 'vpcId',
      'subnet-id': 'subnetId',
      'availability-zone': 'availabilityZone',
      'interface-type': 'interfaceType',
      status: 'status',
      'attachment.instance-id': 'attachment.instanceId',
      description: 'description',
    },
  },
};

function at(item: Item, path: string): XmlValue {
  let value: XmlValue = item;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[part];
  }
  return value;
}

function tagValue(item: Item, key: string): string | undefined {
  const tags = item['tagSet'];
  if (!Array.isArray(tags)) return undefined;
  for (const tag of tags) {
    if (tag !== null && typeof tag === 'object' && !Array.isArray(tag) && tag['key'] === key)
      return String(tag['value'] ?? '');
  }
  return undefined;
}

/** `Filter.N.Name` / `Filter.N.Value.M` and `<ids>.N` from the form parameters. */
export function parseSelection(
  params: URLSearchParams,
  spec: ActionSpec,
): { ids: string[]; filters: Map<string, string[]> } {
  const ids: string[] = [];
  const filters = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (new RegExp(`^${spec.ids.param}\\.\\d+$`).test(key)) ids.push(value);
    const name = /^Filter\.(\d+)\.Name$/.exec(key);
    if (name !== null) {
      const values: string[] = [];
      for (const [k, v] of params) if (k.startsWith(`Filter.${name[1]}.Value.`)) values.push(v);
      filters.set(value, values);
    }
  }
  return { ids, filters };
}

/** Whether a record passes the ids and filters (unknown filter names fail loudly, as EC2 does). */
export function matches(
  item: Item,
  spec: ActionSpec,
  ids: readonly string[],
  filters: ReadonlyMap<string, string[]>,
): boolean {
  if (ids.length > 0 && !ids.includes(String(at(item, spec.ids.field)))) return false;
  for (const [name, values] of filters) {
    let actual: string | undefined;
    if (name.startsWith('tag:')) actual = tagValue(item, name.slice(4));
    else if (name === 'tag-key') {
      if (!values.some((key) => tagValue(item, key) !== undefined)) return false;
      continue;
    } else {
      const path = spec.filters[name];
      if (path === undefined)
        throw new Error(`InvalidParameterValue: The filter '${name}' is invalid`);
      const value = at(item, path);
      actual = value === undefined || value === null ? undefined : String(value);
    }
    if (actual === undefined || !values.some((v) => wildcard(v).test(actual))) return false;
  }
  return true;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}
