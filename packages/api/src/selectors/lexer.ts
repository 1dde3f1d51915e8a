/**
 * Tokenizer shared by the label- and field-selector parsers: Kubernetes selector syntax plus the
 * comparison operators and backslash escapes Flight Control adds. Every token records where it
 * starts so that errors can point at it.
 */
import { badRequest } from '../common/status.js';

export type TokenKind = 'word' | 'symbol' | 'end';

export interface Token {
  kind: TokenKind;
  /** Words: the text with escapes resolved; symbols: the symbol; end: empty. */
  value: string;
  /** The source text (escapes intact), for error messages. */
  raw: string;
  /** 0-based offset of the token's first character in the input. */
  position: number;
}

/**
 * Where the parser stands. After an operator (`value`), only `(`, `)`, `,` and whitespace end a
 * word, so values such as `Fleet/a=b` or `2024-01-01T00:00:00+02:00` need no escaping.
 */
export type LexMode = 'key' | 'value';

/** Longest first, so `!=` wins over `!`. */
const SYMBOLS = ['==', '!=', '>=', '<=', '=', '!', '>', '<', '(', ')', ','];
const DELIMITERS: Record<LexMode, string> = { key: '=!<>(),', value: '(),' };

const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

export class SelectorLexer {
  private offset = 0;

  /** `errorPrefix` starts every error message, e.g. `failed to parse label selector`. */
  constructor(
    readonly input: string,
    private readonly errorPrefix: string,
  ) {}

  /** The next token, without consuming it. */
  peek(mode: LexMode): Token {
    return this.scan(mode).token;
  }

  next(mode: LexMode): Token {
    const { token, end } = this.scan(mode);
    this.offset = end;
    return token;
  }

  /** Throws a 400 naming what is wrong, where, and (after a colon) why. */
  fail(subject: string, position: number, reason: string): never {
    throw badRequest(
      `${this.errorPrefix}: ${subject} at position ${position} in ${JSON.stringify(this.input)}: ${reason}`,
    );
  }

  private scan(mode: LexMode): { token: Token; end: number } {
    const input = this.input;
    let start = this.offset;
    while (start < input.length && isSpace(input[start])) start++;
    if (start >= input.length) return { token: { kind: 'end', value: '', raw: '', position: start }, end: start };

    const delimiters = DELIMITERS[mode];
    if (delimiters.includes(input[start])) {
      const symbol = SYMBOLS.find((s) => input.startsWith(s, start))!;
      return { token: { kind: 'symbol', value: symbol, raw: symbol, position: start }, end: start + symbol.length };
    }

    let value = '';
    let i = start;
    while (i < input.length) {
      const ch = input[i];
      if (ch === '\\') {
        if (i + 1 >= input.length)
          this.fail('unterminated escape', i, 'a backslash must be followed by the character it escapes');
        value += input[i + 1];
        i += 2;
        continue;
      }
      if (isSpace(ch) || delimiters.includes(ch)) break;
      value += ch;
      i++;
    }
    return { token: { kind: 'word', value, raw: input.slice(start, i), position: start }, end: i };
  }
}

/** How a token reads in an error message: `"("`, `"env"`, or `end of input`. */
export function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of input' : JSON.stringify(token.raw);
}
