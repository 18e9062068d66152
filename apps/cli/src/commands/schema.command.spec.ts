import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

describe('podnet schema', () => {
  it('prints the ClusterDesign JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.title).toBe('ClusterDesign');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']));
    // The VPC CNI settings keep the names of its environment variables.
    const cni = schema.properties.cni.properties.awsVpcCni.properties;
    expect(Object.keys(cni)).toEqual(expect.arrayContaining(['WARM_ENI_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET', 'WARM_PREFIX_TARGET', 'ENABLE_PREFIX_DELEGATION', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'ENABLE_POD_ENI', 'AWS_VPC_K8S_CNI_EXTERNALSNAT', 'ENABLE_IPv6', 'MAX_ENI']));
    expect(schema.properties.cluster.properties.kubeProxyMode.enum).toEqual(['iptables', 'ipvs', 'nftables']);
  });
});
