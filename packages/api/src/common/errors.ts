/** One validation problem: a JSON pointer-ish path to the field (e.g. `metadata.labels`) and what is wrong. */
export interface FieldError {
  path: string;
  message: string;
}

export function fieldErrorsToMessage(errors: readonly FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}
