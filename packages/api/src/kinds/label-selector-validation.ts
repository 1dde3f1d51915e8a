/**
 * Object-form label selectors (api.md §3.6): non-empty, with valid label keys and values, and operators
 * given the values they need (Kubernetes rules), so a bad selector fails on write rather than on matching.
 */
import type { FieldError } from '../common/errors.js';
import type { LabelSelector } from '../common/meta.js';
import { validateQualifiedName } from '../common/names.js';
import { at } from './field-errors.js';
import { validateLabelMap } from './metadata-validation.js';

export function validateLabelSelector(selector: LabelSelector, path: string): FieldError[] {
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels === undefined && matchExpressions === undefined)
    return [{ path, message: 'must contain matchLabels or matchExpressions' }];
  const errs = validateLabelMap(matchLabels, `${path}.matchLabels`);
  (matchExpressions ?? []).forEach(({ key, operator, values = [] }, i) => {
    const exprPath = `${path}.matchExpressions[${i}]`;
    errs.push(...at(`${exprPath}.key`, validateQualifiedName(key)));
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && values.length === 0)
      errs.push({ path: `${exprPath}.values`, message: `must not be empty for operator ${operator}` });
    if (!needsValues && values.length > 0)
      errs.push({ path: `${exprPath}.values`, message: `must be empty for operator ${operator}` });
  });
  return errs;
}
