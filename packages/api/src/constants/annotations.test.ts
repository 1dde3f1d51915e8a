import { describe, expect, it } from 'vitest';
import * as annotations from './annotations.js';

describe('annotation keys', () => {
  const values = Object.values(annotations);

  it('are valid qualified keys under the controller prefixes', () => {
    for (const value of values)
      expect(value).toMatch(/^(device-controller|fleet-controller|event-controller|auth-provider)\/[A-Za-z-]+$/);
  });

  it('cover the 22 distinct keys of api.md §11', () => {
    expect(new Set(values).size).toBe(22);
  });

  it('share the template-version key between devices and fleets, as upstream does', () => {
    expect(annotations.DEVICE_ANNOTATION_TEMPLATE_VERSION).toBe(annotations.FLEET_ANNOTATION_TEMPLATE_VERSION);
    expect(annotations.DEVICE_ANNOTATION_RENDERED_VERSION).toBe('device-controller/renderedVersion');
    expect(annotations.EVENT_ANNOTATION_REQUEST_ID).toBe('event-controller/requestID');
  });
});
