/**
 * The selector grammar both parsers share (Kubernetes label-selector syntax, comma = AND):
 *
 *   selector    := "" | requirement ("," requirement)*
 *   requirement := "!" KEY | KEY | KEY binary-op VALUE | KEY ("in" | "notin") "(" VALUE ("," VALUE)* ")"
 *
 * An omitted value is the empty string (`k=`, `k in (a,)`), as in Kubernetes. Which binary
 * operators are accepted is the caller's choice; the caller also validates keys and values,
 * using the positions kept here to point at the culprit.
 */
import type { FieldOperator } from './types.js';
import { describeToken, type SelectorLexer, type Token } from './lexer.js';

export type BinaryOperator = Exclude<FieldOperator, 'exists' | '!'>;

export interface Located {
  text: string;
  position: number;
}

export interface ParsedRequirement<Op extends FieldOperator> {
  key: Located;
  operator: Op;
  operatorPosition: number;
  values: Located[];
}

/** Operators spelled as words; the rest are symbols. A word is only an operator right after a key. */
const KEYWORD_OPERATORS: readonly FieldOperator[] = ['in', 'notin', 'contains', 'notcontains'];
const LIST_OPERATORS: readonly FieldOperator[] = ['in', 'notin'];

const isSymbol = (token: Token, symbol: string) => token.kind === 'symbol' && token.value === symbol;

export function parseRequirements<Op extends BinaryOperator>(
  lexer: SelectorLexer,
  operators: readonly Op[],
): ParsedRequirement<Op | 'exists' | '!'>[] {
  const requirements: ParsedRequirement<Op | 'exists' | '!'>[] = [];
  if (lexer.peek('key').kind === 'end') return requirements;
  for (;;) {
    requirements.push(parseRequirement(lexer, operators));
    const separator = lexer.next('key');
    if (separator.kind === 'end') return requirements;
    if (!isSymbol(separator, ',')) unexpected(lexer, separator, 'expected "," or end of input');
  }
}

function parseRequirement<Op extends BinaryOperator>(
  lexer: SelectorLexer,
  operators: readonly Op[],
): ParsedRequirement<Op | 'exists' | '!'> {
  const first = lexer.next('key');
  if (isSymbol(first, '!')) {
    return { key: expectKey(lexer, lexer.next('key')), operator: '!', operatorPosition: first.position, values: [] };
  }
  const key = expectKey(lexer, first);
  const next = lexer.peek('key');
  if (next.kind === 'end' || isSymbol(next, ',')) {
    return { key, operator: 'exists', operatorPosition: key.position, values: [] };
  }
  lexer.next('key');
  const operator = binaryOperator(next, operators) ?? unexpected(lexer, next, expectedOperators(operators));
  const values = LIST_OPERATORS.includes(operator) ? parseValueList(lexer) : [parseValue(lexer)];
  return { key, operator, operatorPosition: next.position, values };
}

function binaryOperator<Op extends BinaryOperator>(token: Token, operators: readonly Op[]): Op | undefined {
  const spelledAsWord = KEYWORD_OPERATORS.includes(token.value as FieldOperator);
  if (token.kind === 'end' || (token.kind === 'word') !== spelledAsWord) return undefined;
  return operators.find((op) => op === token.value);
}

function expectedOperators(operators: readonly BinaryOperator[]): string {
  return `expected one of ${operators.join(', ')}, "," or end of input`;
}

function expectKey(lexer: SelectorLexer, token: Token): Located {
  return located(token.kind === 'word' ? token : unexpected(lexer, token, 'expected a key'));
}

/** A single value; `k=` followed by `,` or the end means the empty string. */
function parseValue(lexer: SelectorLexer): Located {
  const token = lexer.peek('value');
  if (token.kind === 'end' || isSymbol(token, ',')) return { text: '', position: token.position };
  if (token.kind !== 'word') unexpected(lexer, token, 'expected a value');
  lexer.next('value');
  return located(token);
}

/** `( v1, v2, … )`; an empty slot is the empty string, so `()` is `("")`. */
function parseValueList(lexer: SelectorLexer): Located[] {
  const open = lexer.next('value');
  if (!isSymbol(open, '(')) unexpected(lexer, open, 'expected "("');
  const values: Located[] = [];
  for (;;) {
    const token = lexer.peek('value');
    if (token.kind === 'word') {
      lexer.next('value');
      values.push(located(token));
    } else {
      values.push({ text: '', position: token.position });
    }
    const separator = lexer.next('value');
    if (isSymbol(separator, ')')) return values;
    if (!isSymbol(separator, ',')) unexpected(lexer, separator, 'expected "," or ")"');
  }
}

function located(token: Token): Located {
  return { text: token.value, position: token.position };
}

function unexpected(lexer: SelectorLexer, token: Token, expectation: string): never {
  return lexer.fail(`unexpected ${describeToken(token)}`, token.position, expectation);
}

/** Drops the positions and repeated values: what the store needs. */
export function plainRequirement<Op extends FieldOperator>(
  parsed: ParsedRequirement<Op>,
): { key: string; operator: Op; values: string[] } {
  return { key: parsed.key.text, operator: parsed.operator, values: [...new Set(parsed.values.map((v) => v.text))] };
}
