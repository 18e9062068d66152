import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared EC2 test double lives in test/support (used by several projects)
import { ec2Fixture, startEc2Fake, type Ec2Fake, type Ec2FakeData } from '../../../../test/support/ec2-fake';
import { runCli } from '../support/test-io';

const fixture: Ec2FakeData = ec2Fixture('describe-instance-types.json');

let fake: Ec2Fake;

beforeEach(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  fake = await startEc2Fake(fixture);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

describe('podnet catalogue refresh', () => {
  it('writes the catalogue from DescribeInstanceTypes, usable by max-pods --catalogue', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'podnet-catalogue-')), 'catalogue.json');
    const refresh = await runCli([
      'catalogue',
      'refresh',
      '--region',
      'us-east-1',
      '--endpoint',
      fake.url,
      '-o',
      out,
    ]);
    expect(refresh.code).toBe(0);
    expect(refresh.stderr).toContain('wrote 6 instance types');
    const file = JSON.parse(readFileSync(out, 'utf8')) as {
      count: number;
      source: { region: string };
    };
    expect(file).toMatchObject({ count: 6, source: { region: 'us-east-1' } });
    // m9z.large is only in the refreshed file: 4 ENIs x (15 - 1) + 2.
    const maxPods = await runCli([
      'max-pods',
      '--catalogue',
      out,
      '--instance-type',
      'm9z.large',
      '-o',
      'json',
    ]);
    expect(JSON.parse(maxPods.stdout)).toEqual({ 'm9z.large': 58 });
  });

  it('prints to standard output without -o', async () => {
    const { code, stdout } = await runCli([
      'catalogue',
      'refresh',
      '--region',
      'us-east-1',
      '--endpoint',
      fake.url,
      '--instance-type',
      'm5.large',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      count: 1,
      instanceTypes: [{ instanceType: 'm5.large', maxEnis: 3 }],
    });
  });

  it('exits 2 with the EC2 error when the API keeps failing', async () => {
    fake.injectError(10, { code: 'UnauthorizedOperation', status: 403 });
    const { code, stderr } = await runCli([
      'catalogue',
      'refresh',
      '--region',
      'us-east-1',
      '--endpoint',
      fake.url,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('UnauthorizedOperation');
  });

  it('exits 2 on a bad region', async () => {
    expect((await runCli(['catalogue', 'refresh', '--region', 'mars'])).code).toBe(2);
  });
});
