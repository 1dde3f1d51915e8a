/**
 * Name and label rules that upstream enforces (Kubernetes conventions).
 * Each validator returns a list of human-readable problems; empty means valid.
 */

export const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
export const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
export const DNS1123_SUBDOMAIN_PATTERN = `^${DNS1123_SUBDOMAIN}$`;
export const DNS1123_LABEL_PATTERN = `^${DNS1123_LABEL}$`;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const DNS1123_LABEL_MAX = 63;

const QUALIFIED_NAME_PART = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRe = new RegExp(`^${QUALIFIED_NAME_PART}$`);
const labelValueRe = new RegExp(`^(${QUALIFIED_NAME_PART})?$`);
const subdomainRe = new RegExp(DNS1123_SUBDOMAIN_PATTERN);
const labelRe = new RegExp(DNS1123_LABEL_PATTERN);

/** A label or annotation key: optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export const LABEL_KEY_PATTERN = `^(${DNS1123_SUBDOMAIN}/)?${QUALIFIED_NAME_PART}$`;
/** A label value: empty, or at most 63 alphanumerics with '-', '_' and '.' inside. */
export const LABEL_VALUE_PATTERN = `^(${QUALIFIED_NAME_PART})?$`;
export const LABEL_VALUE_MAX = 63;

export function validateDnsSubdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('must not be empty');
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`);
  if (value.length > 0 && !subdomainRe.test(value))
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  return errs;
}

export function validateDnsLabel(value: string, max = DNS1123_LABEL_MAX): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('must not be empty');
  if (value.length > max) errs.push(`must be no more than ${max} characters`);
  if (value.length > 0 && !labelRe.test(value))
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    );
  return errs;
}

/** Kubernetes "qualified name": `[prefix/]name`, as used for label and annotation keys. */
export function validateQualifiedName(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) errs.push('prefix part must not be empty');
    else errs.push(...validateDnsSubdomain(prefix).map((e) => `prefix part ${e}`));
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character with an optional DNS subdomain prefix and '/'",
    ];
  }
  if (name.length === 0) errs.push('name part must not be empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  else if (!qualifiedNameRe.test(name))
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  return errs;
}

export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errs.push(`must be no more than ${LABEL_VALUE_MAX} characters`);
  if (!labelValueRe.test(value))
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  return errs;
}
