export * from './types.js';
export { describeToken, SelectorLexer, type LexMode, type Token, type TokenKind } from './lexer.js';
export { formatLabelSelector, labelSelectorFromObject, parseLabelSelector } from './label-selector.js';
export { fieldOperators, isRfc3339, parseFieldSelector, unsupportedSelectorError } from './field-selector.js';
export { FIELD_CATALOGS, LABELS_FIELD_CATALOG, type SelectableKind } from './fields.js';
