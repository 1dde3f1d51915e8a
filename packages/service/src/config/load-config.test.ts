import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseUrl, loadConfig, parseListenAddress } from './load-config.js';

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fctl-config-'));
  const path = join(dir, 'config.yaml');
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('fills every default, with the embedded database when no database is configured', () => {
    const { config } = loadConfig({ path: configFile('{}'), env: {} });
    expect(config.database.type).toBe('embedded');
    expect(databaseUrl(config.database)).toBeUndefined();
    expect(config.service.address).toBe(':3443');
    expect(config.service.renderedWaitTimeout).toBe('2m');
    expect(config.service.healthChecks.readinessPath).toBe('/readyz');
    expect(config.service.certStore).toBe(join(config.dataDir, 'certs'));
  });

  it('reads an upstream-style config unchanged, accepting sections later features use', () => {
    const path = configFile(`
database:
  type: pgsql
  hostname: db.example.com
  port: 5433
  name: flightctl
  user: app
  password: "s3cret"
service:
  address: ":3443"
  baseUrl: https://api.example.com:3443
kv:
  hostname: localhost
  port: 6379
periodic:
  consumers: 5
`);
    const { config, ignored } = loadConfig({ path, env: {} });
    expect(databaseUrl(config.database)).toBe('postgres://app:s3cret@db.example.com:5433/flightctl');
    expect(databaseUrl(config.database, 'migration')).toBe(
      'postgres://flightctl_migrator:adminpass@db.example.com:5433/flightctl',
    );
    expect(config.kv).toEqual({ hostname: 'localhost', port: 6379, password: 'adminpass' });
    expect(ignored).toEqual(['periodic']);
  });

  it('applies environment overrides after the file', () => {
    const { config } = loadConfig({
      path: configFile('service:\n  disableTLS: false\n'),
      env: {
        FLIGHTCTL_DISABLE_TLS: 'true',
        FLIGHTCTL_DATABASE_URL: 'postgres://u@h/db',
        FLIGHTCTL_DATA_DIR: '/srv/fctl',
      },
    });
    expect(config.service.disableTLS).toBe(true);
    expect(config.database.type).toBe('pgsql');
    expect(databaseUrl(config.database)).toBe('postgres://u@h/db');
    expect(config.dataDir).toBe('/srv/fctl');
  });

  it('keeps notifications in-process without a kv section, and uses Redis from FLIGHTCTL_KV_URL', () => {
    expect(loadConfig({ path: null, env: {} }).config.kv).toBeUndefined();
    const { config } = loadConfig({ path: null, env: { FLIGHTCTL_KV_URL: 'redis://cache:6380/2' } });
    expect(config.kv).toEqual({
      url: 'redis://cache:6380/2',
      hostname: 'localhost',
      port: 6379,
      password: 'adminpass',
    });
  });

  it('names the file, line and key of a bad value', () => {
    const path = configFile('service:\n  address: ":3443"\n  disableTLS: maybe\n');
    expect(() => loadConfig({ path, env: {} })).toThrow(`${path}:3: service.disableTLS: must be boolean`);
  });

  it('rejects unknown keys with their line', () => {
    const path = configFile('service:\n  adress: ":3443"\n');
    expect(() => loadConfig({ path, env: {} })).toThrow(`${path}:2: service.adress: unknown key`);
  });

  it('reports YAML syntax errors with the line', () => {
    const path = configFile('service:\n  address: [\n');
    expect(() => loadConfig({ path, env: {} })).toThrow(new RegExp(`${path}:\\d+: invalid YAML`));
  });

  it('rejects a bad environment value by name', () => {
    expect(() => loadConfig({ path: configFile('{}'), env: { DB_PORT: 'five' } })).toThrow(
      'environment variable DB_PORT: "five" is not a whole number',
    );
  });
});

describe('parseListenAddress', () => {
  it('reads ":port" and "host:port"', () => {
    expect(parseListenAddress(':3443')).toEqual({ host: '0.0.0.0', port: 3443 });
    expect(parseListenAddress('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListenAddress('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(() => parseListenAddress('nope')).toThrow('invalid listen address "nope"');
  });
});
