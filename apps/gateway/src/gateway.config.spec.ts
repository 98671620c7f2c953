import { loadGatewayConfig } from './gateway.config';

describe('gateway config', () => {
  it('requires ingest API keys and says how to write them', () => {
    expect(() => loadGatewayConfig({})).toThrow(/INGEST_API_KEYS is required but not set \(expected: comma-separated name:key\[:scopes\] entries/);
  });

  it('refuses short keys', () => {
    expect(() => loadGatewayConfig({ INGEST_API_KEYS: 'bank:short' })).toThrow(/at least 24 characters/);
  });

  it('parses named keys', () => {
    const key = 'k'.repeat(30);
    expect(loadGatewayConfig({ INGEST_API_KEYS: `bank:${key},partner-x:${key}1` }).apiKeys).toEqual([
      { name: 'bank', key, scopes: ['events:write'] },
      { name: 'partner-x', key: `${key}1`, scopes: ['events:write'] },
    ]);
  });

  it('takes the public URL the OpenAPI document names as its server, without a trailing slash, and refuses one that is not http(s)', () => {
    const keys = `bank:${'k'.repeat(30)}`;
    expect(loadGatewayConfig({ INGEST_API_KEYS: keys }).publicUrl).toBe('http://127.0.0.1:3001');
    expect(loadGatewayConfig({ INGEST_API_KEYS: keys, GATEWAY_PUBLIC_URL: 'https://events.lender.example/' }).publicUrl).toBe('https://events.lender.example');
    expect(() => loadGatewayConfig({ INGEST_API_KEYS: keys, GATEWAY_PUBLIC_URL: 'events.lender.example' })).toThrow(/GATEWAY_PUBLIC_URL.*http:\/\/ or https:\/\//);
  });
});
