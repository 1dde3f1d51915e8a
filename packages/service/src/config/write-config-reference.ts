/** `npm run docs:config`: regenerates docs/configuration.md from the config schema. */
import { writeFileSync } from 'node:fs';
import { CONFIG_REFERENCE_PATH, configReferenceMarkdown } from './config-reference.js';

writeFileSync(CONFIG_REFERENCE_PATH, configReferenceMarkdown());
console.log(`wrote ${CONFIG_REFERENCE_PATH}`);
