import type { DeviceSystemInfo } from '@flightctl/api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { enrollmentLabels, sanitizeLabelValue } from './enrollment-labels.js';

const log = pino({ level: 'silent' });
const info = (extra: Record<string, string> = {}, customInfo?: Record<string, string>): DeviceSystemInfo => ({
  architecture: 'amd64',
  operatingSystem: 'linux',
  bootID: 'b',
  agentVersion: 'v1',
  ...extra,
  ...(customInfo ? { customInfo } : {}),
});

describe('enrollment labels', () => {
  it('turn system-info values into valid label values', () => {
    expect(sanitizeLabelValue('CentOS Stream')).toBe('CentOS-Stream');
    expect(sanitizeLabelValue('9.5 (Plow)')).toBe('9.5--Plow');
    expect(sanitizeLabelValue('x'.repeat(70))).toHaveLength(63);
    expect(sanitizeLabelValue('(  )')).toBeUndefined();
  });

  it('read built-in and custom fields, add the hostname as alias, and let default-labels win', () => {
    const labels = enrollmentLabels(
      info({ distroName: 'CentOS Stream', hostname: 'edge 7' }, { site: 'Plant #4' }),
      { distro: 'distroName', site: 'customInfo.site', 'bad key!': 'hostname', missing: 'productName' },
      { site: 'hq', 'example.com/tier': 'gold', invalid: 'no spaces allowed' },
      log,
    );
    expect(labels).toEqual({ distro: 'CentOS-Stream', site: 'hq', alias: 'edge-7', 'example.com/tier': 'gold' });
  });

  it('take no alias from a placeholder hostname or when alias is mapped explicitly', () => {
    for (const hostname of ['', '(none)', 'localhost.localdomain', '127.0.0.1', '::1'])
      expect(enrollmentLabels(info({ hostname }), {}, {}, log)).toEqual({});
    expect(
      enrollmentLabels(info({ hostname: 'h1', productSerial: 'SN1' }), { alias: 'productSerial' }, {}, log),
    ).toEqual({ alias: 'SN1' });
  });
});
