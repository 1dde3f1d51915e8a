/**
 * Inline file content, shared by inline config providers and inline applications: plain UTF-8 or base64,
 * at most 1 MiB once decoded, and (in fleet templates) free of template syntax errors.
 */
import Type, { type Static } from 'typebox';
import { decodeBase64 } from './base64.js';
import { templateParamProblems } from './template-params.js';

export const EncodingTypes = ['plain', 'base64'] as const;
export const EncodingType = Type.Enum(EncodingTypes, { description: 'How `content` is encoded; default plain.' });
export type EncodingType = Static<typeof EncodingType>;

export const MAX_INLINE_CONTENT_BYTES = 1024 * 1024;

/** Why `content` is unacceptable; empty when it is fine. */
export function inlineContentProblems(
  content: string,
  encoding: EncodingType | undefined,
  allowTemplates: boolean,
): string[] {
  let bytes: Uint8Array;
  if (encoding === 'base64') {
    const decoded = decodeBase64(content);
    if (!decoded) return ['must be valid base64'];
    bytes = decoded;
  } else {
    bytes = new TextEncoder().encode(content);
  }
  if (bytes.length > MAX_INLINE_CONTENT_BYTES) return [`must be no more than ${MAX_INLINE_CONTENT_BYTES} bytes`];
  if (!allowTemplates) return [];
  // Templates are rendered on the decoded text, so that is what must parse.
  const text = encoding === 'base64' ? new TextDecoder().decode(bytes) : content;
  return templateParamProblems(text);
}
