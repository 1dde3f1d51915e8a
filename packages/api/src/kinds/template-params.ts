/**
 * Fleet-template parameters (api.md §4.2.2): Go `text/template` actions inside some string fields of
 * `Fleet.spec.template.spec`, rendered per device by the service. Only `.metadata.name` and
 * `.metadata.labels[.key]` may be referenced, with the functions upper, lower, replace and getOrDefault;
 * `if`/`with` blocks nest at most 10 deep. This checks the syntax when a fleet is written, so mistakes are
 * reported then rather than on every device render; it does not evaluate anything.
 */
import type { FieldError } from '../common/errors.js';
import { at } from './field-errors.js';

const MAX_NESTING = 10;
const BLOCK_KEYWORDS = new Set(['if', 'with']);
const UNSUPPORTED_KEYWORDS = new Set(['range', 'define', 'template', 'block', 'break', 'continue']);
const KNOWN_IDENTIFIERS = new Set([
  ...['if', 'else', 'end', 'with', 'true', 'false', 'nil'],
  ...['and', 'or', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'len', 'index', 'slice'],
  ...['print', 'printf', 'println', 'html', 'js', 'urlquery', 'call'],
  ...['upper', 'lower', 'replace', 'getOrDefault'],
]);
const ALLOWED_FIELDS = /^\.metadata\.(name|labels(\.[A-Za-z_]\w*)?)$/;
/** Quoted strings and character constants, whose contents are never syntax. */
const QUOTED = /"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'/g;
/** `$var.field…` | `.field…` | identifier | number. */
const TOKEN = /(\$\w*)((?:\.[A-Za-z_]\w*)*)|((?:\.[A-Za-z_]\w*)+)|([A-Za-z_]\w*)|(\d[\w.+-]*)/g;

export function hasTemplateParams(value: string): boolean {
  return value.includes('{{');
}

/** The text of every `{{ … }}` action in order, with trim markers removed, or a problem if one is unclosed. */
function actions(value: string): string[] | string {
  const found: string[] = [];
  let rest = value;
  for (let open = rest.indexOf('{{'); open >= 0; open = rest.indexOf('{{')) {
    rest = rest.slice(open + 2);
    const body = rest.replace(QUOTED, (q) => ' '.repeat(q.length));
    const close = body.indexOf('}}');
    if (close < 0) return 'unclosed action: missing "}}"';
    found.push(body.slice(0, close).replace(/^-\s/, '').replace(/\s-$/, '').trim());
    rest = rest.slice(close + 2);
  }
  return found;
}

/** Problems with one action's references and function names; `rebound` is true inside `with`, where `.` moves. */
function referenceProblems(action: string, rebound: boolean): string[] {
  const problems: string[] = [];
  for (const [, variable, varFields, fields, identifier] of action.matchAll(TOKEN)) {
    const chain = variable === '$' ? varFields : rebound ? undefined : fields;
    if (chain && !ALLOWED_FIELDS.test(chain))
      problems.push(`cannot reference "${chain}": only .metadata.name and .metadata.labels are available`);
    if (identifier && !KNOWN_IDENTIFIERS.has(identifier)) problems.push(`function "${identifier}" not defined`);
  }
  return problems;
}

/** Why `value` is not a valid fleet-template string; empty when it is. */
export function templateParamProblems(value: string): string[] {
  const found = actions(value);
  if (typeof found === 'string') return [found];
  const problems: string[] = [];
  const open: string[] = [];
  for (const action of found) {
    if (action.startsWith('/*')) continue;
    // The action's own arguments are evaluated before a `with` it opens rebinds `.`.
    problems.push(...referenceProblems(action, open.includes('with')));
    const [keyword = '', ...args] = action.split(/\s+/);
    if (keyword === '') problems.push('empty action');
    else if (UNSUPPORTED_KEYWORDS.has(keyword)) problems.push(`"${keyword}" is not supported`);
    else if (keyword === 'else' && open.length === 0) problems.push('unexpected {{else}}');
    else if (keyword === 'end' && open.length === 0) problems.push('unexpected {{end}}');
    else if (keyword === 'end') open.pop();
    else if (BLOCK_KEYWORDS.has(keyword) && args.length === 0) problems.push(`missing value for ${keyword}`);
    else if (BLOCK_KEYWORDS.has(keyword)) open.push(keyword);
    if (open.length > MAX_NESTING) return [...problems, `nesting deeper than ${MAX_NESTING} levels`];
  }
  if (open.length > 0) problems.push(`unclosed {{${open[open.length - 1]}}}`);
  return problems;
}

/**
 * Checks one string field that fleet templates may parameterise: with `allowTemplates` and a `{{` in the
 * value, the template syntax (and `checkTemplated`, if given) is checked; otherwise the plain format check.
 */
export function checkTemplatable(
  value: string,
  path: string,
  allowTemplates: boolean,
  check: (value: string) => string[],
  checkTemplated?: (value: string) => string[],
): FieldError[] {
  if (allowTemplates && hasTemplateParams(value)) {
    const syntax = templateParamProblems(value);
    return at(path, syntax.length > 0 || !checkTemplated ? syntax : checkTemplated(value));
  }
  return at(path, check(value));
}
