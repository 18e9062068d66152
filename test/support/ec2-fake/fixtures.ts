import { readFileSync } from 'node:fs';
import type { Ec2FakeData } from './server';

/** The recorded fixtures in `fixtures/`, by file name. */
export type Ec2FixtureName = 'describe-instance-types.json' | 'describe-subnets.json' | 'describe-network-interfaces.json';

/**
 * Reads one recorded-shape fixture as fake data (its `_comment` is dropped).
 *
 * @example
 * const fake = await startEc2Fake(ec2Fixture('describe-instance-types.json'));
 */
export function ec2Fixture(name: Ec2FixtureName): Ec2FakeData {
  const { _comment: _, ...data } = JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Ec2FakeData & { _comment?: string };
  return data;
}

/** The recorded VPC: its subnets and their network interfaces. */
export function recordedVpc(): Ec2FakeData {
  return { ...ec2Fixture('describe-subnets.json'), ...ec2Fixture('describe-network-interfaces.json') };
}
