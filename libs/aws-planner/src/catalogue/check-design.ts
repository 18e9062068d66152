import { defaultCatalogue, type Catalogue } from './catalogue';
import { describeUnknown } from './unknown-instance-type.error';

/** One problem found in a design, located by its JSON path (the shape contracts' `InputIssue` takes). */
export interface DesignIssue {
  path: (string | number)[];
  value: unknown;
  message: string;
}

/** The parts of a `ClusterDesign` this check reads. */
export interface DesignWithInstanceTypes {
  readonly nodeGroups?: readonly { readonly instanceType?: string | null }[];
  readonly nodes?: readonly { readonly instanceType?: string | null }[];
}

/**
 * Every node group's and node's instance type that the catalogue does not know, each with its path and the
 * nearest known types. An empty list means every type is known. The design is not modified.
 *
 * @example
 * checkDesignInstanceTypes({ nodeGroups: [{ instanceType: 'm5.larg' }] })
 * // => [{ path: ['nodeGroups', 0, 'instanceType'], value: 'm5.larg',
 * //       message: 'unknown instance type "m5.larg"; did you mean m5.large, ...?' }]
 */
export function checkDesignInstanceTypes(
  design: DesignWithInstanceTypes,
  catalogue: Catalogue = defaultCatalogue(),
): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const check = (
    section: 'nodeGroups' | 'nodes',
    items: DesignWithInstanceTypes['nodeGroups'],
  ): void => {
    (items ?? []).forEach((item, index) => {
      const instanceType = item.instanceType;
      if (typeof instanceType !== 'string' || catalogue.find(instanceType) !== undefined) return;
      issues.push({
        path: [section, index, 'instanceType'],
        value: instanceType,
        message: describeUnknown(instanceType, catalogue.suggest(instanceType)),
      });
    });
  };
  check('nodeGroups', design.nodeGroups);
  check('nodes', design.nodes);
  return issues;
}
