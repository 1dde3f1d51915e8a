/**
 * The objects in one manifest source: every document of a YAML stream (JSON is read as YAML, which
 * it is), with a JSON array or a `kind: XxxList` with `items` standing for its items. Each object
 * or problem carries where it came from, e.g. `fleet.yaml: document 2 (line 14)`, and a broken
 * document does not hide the others.
 */
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

export type ManifestEntry =
  { location: string; object: Record<string, unknown> } | { location: string; problem: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The item nodes of a list document, or undefined when the document is one object. */
function listItems(doc: Document, value: unknown): readonly unknown[] | undefined {
  if (isSeq(doc.contents)) return doc.contents.items;
  const isList = isObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List');
  if (isList && isMap(doc.contents)) {
    const items = doc.contents.get('items', true);
    return isSeq(items) ? items.items : [];
  }
  return undefined;
}

export function parseDocuments(sourceName: string, text: string): ManifestEntry[] {
  const lines = new LineCounter();
  const lineOf = (node: unknown) => {
    const range = (node as Node | null)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  const where = (doc: number, line: number | undefined, item?: number) =>
    `${sourceName}: document ${doc}${item === undefined ? '' : `, item ${item}`}${line ? ` (line ${line})` : ''}`;

  return parseAllDocuments(text, { lineCounter: lines }).flatMap((doc, i): ManifestEntry[] => {
    const n = i + 1;
    const [error] = doc.errors;
    if (error) {
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return [{ location: where(n, error.linePos?.[0].line), problem: `invalid YAML or JSON: ${message}` }];
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return [];
    const items = listItems(doc, value);
    if (!items) {
      const location = where(n, lineOf(doc.contents));
      return isObject(value) ? [{ location, object: value }] : [{ location, problem: 'not an object' }];
    }
    const values = Array.isArray(value) ? value : (value as { items?: unknown }).items;
    if (!Array.isArray(values)) return [{ location: where(n, lineOf(doc.contents)), problem: 'a list needs "items"' }];
    return values.map((object, j) => {
      const location = where(n, lineOf(items[j]), j + 1);
      return isObject(object) ? { location, object } : { location, problem: 'not an object' };
    });
  });
}
