import { describe, expect, it } from 'vitest';
import { parseYamlBody } from './yaml-body.js';

describe('parseYamlBody', () => {
  it('reads a YAML resource as the JSON it stands for', () => {
    expect(parseYamlBody('kind: Device\nmetadata:\n  name: d1\n  labels:\n    n: "1"\n')).toEqual({
      kind: 'Device',
      metadata: { name: 'd1', labels: { n: '1' } },
    });
  });

  it('names the line of a syntax error', () => {
    expect(() => parseYamlBody('kind: Device\nmetadata:\n  name: x\n   bad: indent\n')).toThrow(
      /^API Error: request body is not valid YAML \(line 3\): /,
    );
  });
});
