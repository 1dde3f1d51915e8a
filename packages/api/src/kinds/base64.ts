/**
 * Standard (padded) base64 as Go's `base64.StdEncoding` reads it: line breaks are ignored,
 * everything else must be alphabet characters with correct padding. Uses `atob`, so it runs in browsers.
 */

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function stripLineBreaks(value: string): string {
  return value.replace(/[\r\n]/g, '');
}

export function isBase64(value: string): boolean {
  return STD_BASE64.test(stripLineBreaks(value));
}

/** The decoded bytes, or undefined when `value` is not standard base64. */
export function decodeBase64(value: string): Uint8Array | undefined {
  if (!isBase64(value)) return undefined;
  const binary = atob(stripLineBreaks(value));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
