// Internal to kube-proxy/: what a service port plan's endpoint lists are for the byte writers: the service port's
// whole table (no endpoint objects made) when the categories are a whole table, else the list.
import { EndpointTable, TableEndpoint, WholeTableCategories } from './endpoint-table';
import type { ServicePortPlan } from './plan';
import type { ProxyEndpoint } from './service-ports';

/** An endpoint list, or a whole table (every endpoint of a service port, no objects made). */
export type Endpoints = readonly ProxyEndpoint[] | EndpointTable;

/** The table whose endpoints, in order, the list is (or the table itself), else null. */
export function wholeTable(endpoints: Endpoints): EndpointTable | null {
  if (endpoints instanceof EndpointTable) return endpoints;
  const first = endpoints[0];
  return first instanceof TableEndpoint && first.table.endpoints === endpoints ? first.table : null;
}

/** The list itself, or a table's endpoint objects (made on this request). */
export function listOf(endpoints: Endpoints): readonly ProxyEndpoint[] {
  return endpoints instanceof EndpointTable ? endpoints.endpoints : endpoints;
}

/** What a categories list is for the writers: the table itself when the categories are a whole table. */
export function clusterSet(sp: ServicePortPlan): Endpoints {
  return sp.categories instanceof WholeTableCategories ? sp.categories.table : sp.categories.clusterEndpoints;
}
export function reachableSet(sp: ServicePortPlan): Endpoints {
  return sp.categories instanceof WholeTableCategories ? sp.categories.table : sp.categories.allReachableEndpoints;
}
