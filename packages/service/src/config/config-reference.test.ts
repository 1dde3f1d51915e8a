import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_REFERENCE_PATH, configReferenceMarkdown } from './config-reference.js';
import { ENV_OVERRIDES, loadConfig } from './load-config.js';

/** Dotted paths of the leaves of a loaded config: scalars and lists. */
function leafKeys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? leafKeys(v, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('configuration reference', () => {
  const markdown = configReferenceMarkdown();

  it('docs/configuration.md is up to date', () => {
    const current = existsSync(CONFIG_REFERENCE_PATH) ? readFileSync(CONFIG_REFERENCE_PATH, 'utf8') : '';
    expect(current, 'docs/configuration.md differs from the config schema: run `npm run docs:config`').toBe(markdown);
  });

  it('lists every key the loader fills and every environment override', () => {
    const { config } = loadConfig({ path: null, env: {} });
    for (const key of leafKeys(config)) expect(markdown).toContain(`| \`${key}\``);
    for (const name of Object.keys(ENV_OVERRIDES)) expect(markdown).toContain(`| \`${name}\``);
  });
});
