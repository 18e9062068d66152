import { DesignError, type InputIssue, type Inventory } from '@podnet/contracts';
import type { ServiceCatalog } from './types';

/**
 * The catalog's conflicts as input issues located in the files (the Service's source), in the API server's words:
 * `spec.ports[0].nodePort: 30080: provided port is already allocated`.
 *
 * @example
 * catalogInputIssues(catalog, inventory)[0]?.message
 */
export function catalogInputIssues(catalog: ServiceCatalog, inventory: Pick<Inventory, 'sources'>): InputIssue[] {
  return catalog.issues.map((issue) => {
    const source = inventory.sources.get(issue.object);
    const path = [...(source?.path ?? []), ...issue.field.split(/[.[\]]/).filter((p) => p !== '').map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
    return {
      ...(source ? { file: source.file } : {}),
      ...(source?.line !== undefined ? { line: source.line } : {}),
      path,
      ...(issue.value !== undefined ? { value: issue.value } : {}),
      message: `${issue.object}: ${issue.field}: Invalid value: ${issue.message}`,
    };
  });
}

/**
 * Throws {@link DesignError} when the API server would have refused some Service (conflicting or out-of-range
 * ClusterIPs/NodePorts), so that commands stop with exit code 2 rather than answer for a cluster that cannot exist.
 *
 * @example
 * assertNoServiceConflicts(buildServiceCatalog(inventory), inventory);
 */
export function assertNoServiceConflicts(catalog: ServiceCatalog, inventory: Pick<Inventory, 'sources'>): void {
  if (catalog.issues.length > 0) throw new DesignError(catalogInputIssues(catalog, inventory));
}
