import { describe, expect, it } from 'vitest';
import {
  absolutePathProblems,
  durationSeconds,
  envVarNameProblems,
  imageReferenceProblems,
  linuxUserProblems,
  relativePathProblems,
  templatedImageReferenceProblems,
  timeZoneProblems,
} from './spec-formats.js';

describe('image references', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'quay.io/flightctl/flightctl-agent:latest',
    'localhost:5000/edge/app__v2:v1.0.0-rc.1',
    `quay.io/org/os@sha256:${'a'.repeat(64)}`,
    `registry.example.com:8443/a/b/c:tag@sha256:${'0f'.repeat(32)}`,
  ])('accepts %s', (ref) => {
    expect(imageReferenceProblems(ref)).toEqual([]);
  });

  it.each(['', 'Quay.io/UPPER/case', 'quay.io/org/app:', 'quay.io/org/app:{{ .metadata.name }}', 'a b'])(
    'rejects "%s"',
    (ref) => {
      expect(imageReferenceProblems(ref)).toHaveLength(1);
    },
  );

  it('rejects overlong references', () => {
    expect(imageReferenceProblems(`quay.io/${'a'.repeat(2048)}`)).toEqual(['must be no more than 2048 characters']);
  });

  it('fails fast on inputs that would make a backtracking matcher explode', () => {
    const start = performance.now();
    expect(imageReferenceProblems(`${'a'.repeat(60)}!`)).toHaveLength(1);
    expect(imageReferenceProblems(`quay.io/${'a-'.repeat(500)}!`)).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(100);
  });

  it('allows templates only in the tag', () => {
    expect(templatedImageReferenceProblems('quay.io/org/app:{{ .metadata.labels.version }}')).toEqual([]);
    expect(templatedImageReferenceProblems('quay.io/org/app:v{{ .metadata.labels.version }}-edge')).toEqual([]);
    expect(templatedImageReferenceProblems('quay.io/{{ .metadata.name }}/app:1')).toHaveLength(1);
  });
});

describe('paths', () => {
  it.each(['/', '/etc/motd', '/var/lib/app/config.yaml'])('accepts absolute %s', (p) => {
    expect(absolutePathProblems(p)).toEqual([]);
  });

  it.each(['etc/motd', '/etc//motd', '/etc/./motd', '/etc/../motd', '/etc/'])('rejects absolute %s', (p) => {
    expect(absolutePathProblems(p)).toHaveLength(1);
  });

  it.each(['docker-compose.yaml', 'conf/app.yaml', './app.container'])('accepts relative %s', (p) => {
    expect(relativePathProblems(p, 253)).toEqual([]);
  });

  it.each(['', '/abs', '../up', 'a/../../b', 'a//b', 'a/', 'x'.repeat(254)])('rejects relative %s', (p) => {
    expect(relativePathProblems(p, 253)).toHaveLength(1);
  });
});

describe('other formats', () => {
  it.each(['', 'root', '1000', 'svc-user', 'machine$', '_x'])('accepts user %s', (u) => {
    expect(linuxUserProblems(u)).toEqual([]);
  });

  it.each(['65535', '4294967295', '-bad', 'has space', 'a'.repeat(33)])('rejects user %s', (u) => {
    expect(linuxUserProblems(u)).toHaveLength(1);
  });

  it('checks env var names', () => {
    expect(envVarNameProblems('LOG_LEVEL')).toEqual([]);
    expect(envVarNameProblems('_x1')).toEqual([]);
    expect(envVarNameProblems('1ST')).toHaveLength(1);
    expect(envVarNameProblems('A-B')).toHaveLength(1);
  });

  it('converts short durations', () => {
    expect(durationSeconds('45s')).toBe(45);
    expect(durationSeconds('5m')).toBe(300);
    expect(durationSeconds('24h')).toBe(86400);
  });

  it.each(['Local', 'local', 'UTC', 'GMT', 'America/New_York', 'Europe/Paris', 'America/Argentina/Buenos_Aires'])(
    'accepts time zone %s',
    (tz) => {
      expect(timeZoneProblems(tz)).toEqual([]);
    },
  );

  it.each(['', 'EST', 'Mars/Olympus_Mons', 'America/../Paris', 'Europe/-Paris', 'America/New York'])(
    'rejects time zone "%s"',
    (tz) => {
      expect(timeZoneProblems(tz)).toHaveLength(1);
    },
  );
});
