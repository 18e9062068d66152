import type { InstanceTypeLimits } from '../catalogue/instance-type';
import { PlannerInputError } from '../errors/planner-error';

/** Kubelet max-pods cap: none, the EKS managed-node-group rule (`auto`), or a number. */
export type MaxPodsCap = 'none' | 'auto' | number;

/** max-pods-calculator.sh ceilings (`MAX_POD_CEILING_FOR_LOW_CPU` / `..._HIGH_CPU`). */
export const CALCULATOR_CEILING_LOW_CPU = 110;
export const CALCULATOR_CEILING_HIGH_CPU = 250;

/**
 * The cap max-pods-calculator.sh applies: 250 when `DefaultVCpus > 30`, else 110. With no vCPU count the
 * script's `[ "null" -gt 30 ]` test fails inside `if`, so it takes the else branch: 110 (a quirk kept here).
 *
 * @example
 * calculatorCeiling({ vcpus: 96 }) // => 250
 * calculatorCeiling({ vcpus: 30 }) // => 110
 */
export function calculatorCeiling(limits: Pick<InstanceTypeLimits, 'vcpus'>): number {
  return limits.vcpus !== null && limits.vcpus > 30
    ? CALCULATOR_CEILING_HIGH_CPU
    : CALCULATOR_CEILING_LOW_CPU;
}

/**
 * Reads a cap as the CLI takes it: `none`, `auto` or a positive integer.
 *
 * @example
 * parseMaxPodsCap('auto') // => 'auto'
 * parseMaxPodsCap('58') // => 58
 */
export function parseMaxPodsCap(text: string): MaxPodsCap {
  const value = text.trim().toLowerCase();
  if (value === 'none' || value === 'auto') return value;
  if (/^\d+$/.test(value) && Number(value) > 0) return Number(value);
  throw new PlannerInputError('maxPodsCap', 'must be none, auto or a positive integer', text);
}

/**
 * The numeric ceiling a cap stands for on this type, or `null` for none.
 *
 * @example
 * capValue('auto', { vcpus: 2 }) // => 110
 */
export function capValue(
  cap: MaxPodsCap,
  limits: Pick<InstanceTypeLimits, 'vcpus'>,
): number | null {
  if (cap === 'none') return null;
  if (cap === 'auto') return calculatorCeiling(limits);
  return cap;
}
