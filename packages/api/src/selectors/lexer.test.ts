import { describe, expect, it } from 'vitest';
import { ApiError } from '../common/status.js';
import { describeToken, SelectorLexer, type LexMode, type Token } from './lexer.js';

function lexAll(input: string, modes: LexMode[]): Token[] {
  const lexer = new SelectorLexer(input, 'test');
  return modes.map((mode) => lexer.next(mode));
}

describe('SelectorLexer', () => {
  it('splits keys, operators and values and records where each starts', () => {
    expect(lexAll('env != prod', ['key', 'key', 'value', 'key'])).toEqual([
      { kind: 'word', value: 'env', raw: 'env', position: 0 },
      { kind: 'symbol', value: '!=', raw: '!=', position: 4 },
      { kind: 'word', value: 'prod', raw: 'prod', position: 7 },
      { kind: 'end', value: '', raw: '', position: 11 },
    ]);
  });

  it('reads the longest symbol', () => {
    const symbols = lexAll('==!=>=<==!><(),', Array<LexMode>(12).fill('key')).map((t) => t.value);
    expect(symbols).toEqual(['==', '!=', '>=', '<=', '=', '!', '>', '<', '(', ')', ',', '']);
  });

  it('ends a key at any operator character but a value only at parentheses, commas and whitespace', () => {
    expect(lexAll('a=b', ['key', 'key', 'value']).map((t) => t.value)).toEqual(['a', '=', 'b']);
    expect(lexAll('x=!<>y', ['value'])[0]).toMatchObject({ kind: 'word', value: 'x=!<>y' });
    expect(lexAll('in(a,b)', ['key', 'value', 'value', 'value', 'value', 'value']).map((t) => t.value)).toEqual([
      'in',
      '(',
      'a',
      ',',
      'b',
      ')',
    ]);
  });

  it('skips spaces, tabs and newlines between tokens', () => {
    expect(lexAll(' \t a \n', ['key', 'key'])).toEqual([
      { kind: 'word', value: 'a', raw: 'a', position: 3 },
      { kind: 'end', value: '', raw: '', position: 6 },
    ]);
  });

  it('resolves backslash escapes in words, keeping the raw text for messages', () => {
    const [token] = lexAll('a\\,b\\=c\\!d\\(e\\)f\\\\g\\ h', ['key']);
    expect(token).toEqual({
      kind: 'word',
      value: 'a,b=c!d(e)f\\g h',
      raw: 'a\\,b\\=c\\!d\\(e\\)f\\\\g\\ h',
      position: 0,
    });
  });

  it('peeks without consuming', () => {
    const lexer = new SelectorLexer('a,b', 'test');
    expect(lexer.peek('key').value).toBe('a');
    expect(lexer.next('key').value).toBe('a');
    expect(lexer.peek('key').value).toBe(',');
  });

  it('rejects a trailing backslash, pointing at it', () => {
    const lexer = new SelectorLexer('a=b\\', 'failed to parse test selector');
    lexer.next('key');
    lexer.next('key');
    expect(() => lexer.next('value')).toThrow(
      new ApiError(
        400,
        'failed to parse test selector: unterminated escape at position 3 in "a=b\\\\": a backslash must be followed by the character it escapes',
      ),
    );
  });

  it('describes tokens for messages', () => {
    expect(describeToken({ kind: 'symbol', value: '(', raw: '(', position: 0 })).toBe('"("');
    expect(describeToken({ kind: 'word', value: 'a,b', raw: 'a\\,b', position: 0 })).toBe('"a\\\\,b"');
    expect(describeToken({ kind: 'end', value: '', raw: '', position: 3 })).toBe('end of input');
  });
});
