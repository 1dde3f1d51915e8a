import { DEVICE_ANNOTATION_RENDERED_VERSION, type Device } from '@flightctl/api';
import { describe, expect, it } from 'vitest';
import { CommittedDevices } from './committed-devices.js';

const device = (name: string, version: string) =>
  ({
    apiVersion: 'v1beta1',
    kind: 'Device',
    metadata: { name, annotations: { [DEVICE_ANNOTATION_RENDERED_VERSION]: version } },
  }) as Device;

describe('committed devices', () => {
  it('gives a held device once, and only for its own rendered version', () => {
    const held = new CommittedDevices();
    const d = device('a', '7');
    held.offer('org/a', d);
    expect(held.take('org/a', '6')).toBeUndefined();
    expect(held.take('org/b', '7')).toBeUndefined();
    expect(held.take('org/a', '7')).toBe(d);
    expect(held.take('org/a', '7')).toBeUndefined();
    expect(held.size).toBe(0);
  });

  it('keeps the latest write of a device, and drops the oldest entries past its bound', () => {
    const held = new CommittedDevices(2);
    held.offer('org/a', device('a', '1'));
    held.offer('org/b', device('b', '1'));
    held.offer('org/a', device('a', '2')); // a is now the newest
    held.offer('org/c', device('c', '1'));
    expect(held.size).toBe(2);
    expect(held.take('org/b', '1')).toBeUndefined();
    expect(held.take('org/a', '1')).toBeUndefined();
    expect(held.take('org/a', '2')).toBeDefined();
    expect(held.take('org/c', '1')).toBeDefined();
  });
});
