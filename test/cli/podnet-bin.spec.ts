import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const podnet = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(root, 'bin/podnet.mjs'), ...args], { cwd: '/', input, encoding: 'utf8', env: { ...process.env, PODNET_DEBUG: '' } });

// The real command, as `npx podnet` runs it after `npm install` (package.json "bin"), from any directory.
describe('the podnet executable', () => {
  it('prints help and exits 0', () => {
    const r = podnet(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: podnet');
  });

  it('validates an example from another working directory', () => {
    const r = podnet(['validate', '-f', join(root, 'examples/onprem-calico/design.yaml'), '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, design: 'dc1-calico', cni: 'calico' });
  });

  it('exits 2 on bad input from stdin, with the line and no stack trace', () => {
    const r = podnet(['validate', '-f', '-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 0}]\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: the input is not valid (1 problem):\n  <stdin>:5: spec.ports[0].port: 0: port must be between 1 and 65535\n');
  });
});
