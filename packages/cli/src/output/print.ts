/**
 * Structured output (`-o json|yaml|name`) of API objects, as upstream prints them: JSON indented,
 * YAML with keys sorted (upstream marshals through sigs.k8s.io/yaml, which sorts them), names one
 * `metadata.name` a line.
 */
import { stringify } from 'yaml';
import type { Output } from '../context.js';

export type StructuredFormat = 'json' | 'yaml';

export function formatObject(obj: unknown, format: StructuredFormat): string {
  if (format === 'json') return `${JSON.stringify(obj, null, 2)}\n`;
  // lineWidth 0: long strings (certificates, messages) stay on one line instead of being folded.
  return stringify(obj, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}

export function printObject(io: Output, obj: unknown, format: StructuredFormat): void {
  io.out(formatObject(obj, format));
}

export interface Named {
  metadata?: { name?: string };
}

/** `-o name`: one name a line, as upstream (kubectl would print kind/name). */
export function formatNames(items: readonly Named[]): string {
  return items.map((item) => `${item.metadata?.name ?? ''}\n`).join('');
}
