import { describe, expect, it } from 'vitest';
import { validateResourceMonitors, type ResourceAlertRule, type ResourceMonitor } from './resource-monitors.js';

function rule(severity: ResourceAlertRule['severity'], percentage: number, duration = '10m'): ResourceAlertRule {
  return { severity, percentage, duration, description: `${severity} at ${percentage}%` };
}

const cpu: ResourceMonitor = {
  monitorType: 'CPU',
  samplingInterval: '30s',
  alertRules: [rule('Info', 50), rule('Warning', 75), rule('Critical', 90)],
};
const memory: ResourceMonitor = { monitorType: 'Memory', samplingInterval: '1m', alertRules: [rule('Critical', 95)] };
const disk: ResourceMonitor = {
  monitorType: 'Disk',
  samplingInterval: '5m',
  path: '/var/lib/containers',
  alertRules: [rule('Warning', 80, '1h')],
};

function check(monitors: ResourceMonitor[]) {
  return validateResourceMonitors(monitors, 'spec.resources');
}

describe('validateResourceMonitors', () => {
  it('accepts one monitor per type', () => {
    expect(check([cpu, memory, disk])).toEqual([]);
  });

  it('rejects a second monitor of a type', () => {
    expect(check([cpu, memory, { ...cpu }])).toEqual([
      { path: 'spec.resources[2].monitorType', message: 'duplicate monitor type "CPU"' },
    ]);
  });

  it('rejects two rules of one severity', () => {
    expect(check([{ ...memory, alertRules: [rule('Critical', 95), rule('Critical', 99)] }])).toEqual([
      { path: 'spec.resources[0].alertRules[1].severity', message: 'duplicate alert severity "Critical"' },
    ]);
  });

  it('requires each window to be longer than the sampling interval', () => {
    expect(check([{ ...disk, alertRules: [rule('Warning', 80, '5m'), rule('Critical', 90, '300s')] }])).toEqual([
      { path: 'spec.resources[0].alertRules[0].duration', message: 'must be longer than samplingInterval (5m)' },
      { path: 'spec.resources[0].alertRules[1].duration', message: 'must be longer than samplingInterval (5m)' },
    ]);
  });

  it('requires Info < Warning < Critical', () => {
    const errs = check([{ ...cpu, alertRules: [rule('Critical', 70), rule('Warning', 70), rule('Info', 80)] }]);
    expect(errs).toEqual([
      { path: 'spec.resources[0].alertRules[2].percentage', message: 'Info must be less than Warning' },
      { path: 'spec.resources[0].alertRules[2].percentage', message: 'Info must be less than Critical' },
      { path: 'spec.resources[0].alertRules[1].percentage', message: 'Warning must be less than Critical' },
    ]);
  });
});
