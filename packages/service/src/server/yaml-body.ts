/**
 * Accepts request bodies in YAML as well as JSON (ours; upstream takes JSON only), so the YAML
 * files operators keep can be sent with curl as they are. Errors name the line.
 */
import type { FastifyInstance } from 'fastify';
import { LineCounter, parseDocument } from 'yaml';
import { badRequest } from '@flightctl/api';

export const YAML_CONTENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export function parseYamlBody(text: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const err = doc.errors[0];
  if (err) {
    const line = lineCounter.linePos(err.pos[0]).line;
    throw badRequest(
      `API Error: request body is not valid YAML${line ? ` (line ${line})` : ''}: ${err.message.split(/ at line \d+|\n/)[0]}`,
    );
  }
  return doc.toJS();
}

export function yamlBodies(app: FastifyInstance): void {
  app.addContentTypeParser(YAML_CONTENT_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseYamlBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
