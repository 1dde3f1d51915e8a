/**
 * Commander argument parser for a repeatable option that also takes comma-separated lists, as
 * Cobra's string-slice flags do: `-f a.yaml -f b.yaml,c.yaml` gives three values.
 */
export function collectList(value: string, previous: readonly string[] = []): string[] {
  return [...previous, ...value.split(',').filter((v) => v !== '')];
}
