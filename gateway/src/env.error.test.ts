import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.ts';

describe('the environment', () => {
  it('fills in defaults and treats empty strings as unset', () => {
    const env = parseEnv({ PORT: '', CANDOR_TRUST_PROXY: '1', CANDOR_DUCKDB_MEMORY_LIMIT: '2GB' });
    expect(env).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', CANDOR_TRUST_PROXY: true });
    expect(env.CANDOR_DUCKDB_MEMORY_LIMIT).toBe('2GB');
    expect(parseEnv({}).CANDOR_DUCKDB_MEMORY_LIMIT).toBe('256MB');
  });

  it.each([
    ['PORT', '70000'],
    ['CANDOR_SECRET', 'short'],
    ['CANDOR_METRICS_TOKEN', 'abc'],
    ['CANDOR_DUCKDB_MEMORY_LIMIT', 'lots'],
    ['CANDOR_DUCKDB_MEMORY_LIMIT', '-1GB'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['CANDOR_TRUST_PROXY', 'yes'],
  ])('refuses %s=%s with a message naming it', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`- ${name}: `));
  });
});
