/**
 * The spec audit log (ref/agent.md §2.9): one JSON line per spec-file write in
 * `/var/log/flightctl/audit.log`, saying which file moved from which version to which and why. The
 * file is rotated at 1 MB, keeping three gzip-compressed backups (`audit.log.1.gz` newest).
 */
import { appendFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Device } from '@flightctl/api';
import { DEVICE_ANNOTATION_RENDERED_TEMPLATE_VERSION } from '@flightctl/api/agent';
import type { Logger } from 'pino';
import type { RootDir } from '../os/root-dir.js';
import { AGENT_VERSION } from '../version.js';
import { renderedVersion } from './rendered-device.js';
import type { SpecType } from './spec-files.js';

export const AUDIT_LOG_PATH = '/var/log/flightctl/audit.log';
const MAX_SIZE_BYTES = 1024 * 1024;
const BACKUPS = 3;
const LOG_DIR_MODE = 0o755;

/** Why a spec file was written. */
export type AuditReason = 'bootstrap' | 'sync' | 'upgrade' | 'rollback' | 'recovery' | 'initialization';

export interface AuditOptions {
  root: RootDir;
  deviceName: string;
  /** `audit.enabled`, read at every write so a reload applies. */
  enabled: () => boolean;
  log: Logger;
  now?: () => Date;
}

const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class AuditLog {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: AuditOptions) {}

  /** Records a write of `device` to the `type` file; never fails the write itself. */
  record(type: SpecType, reason: AuditReason, oldVersion: string, device: Device, result: 'success' | 'failure') {
    if (!this.options.enabled()) return Promise.resolve();
    const line = JSON.stringify({
      ts: rfc3339((this.options.now ?? (() => new Date()))()),
      device: this.options.deviceName,
      old_version: oldVersion,
      new_version: renderedVersion(device),
      result,
      reason,
      type,
      fleet_template_version: device.metadata.annotations?.[DEVICE_ANNOTATION_RENDERED_TEMPLATE_VERSION] ?? '',
      agent_version: AGENT_VERSION,
    });
    // One append at a time, so rotation never races with a write.
    this.writing = this.writing
      .then(() => this.append(`${line}\n`))
      .catch((err: Error) => this.options.log.warn(`writing the audit log: ${err.message}`));
    return this.writing;
  }

  private async append(line: string): Promise<void> {
    const file = this.options.root.path(AUDIT_LOG_PATH);
    await mkdir(this.options.root.path('/var/log/flightctl'), { recursive: true, mode: LOG_DIR_MODE });
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && size + Buffer.byteLength(line) > MAX_SIZE_BYTES) await this.rotate(file);
    await appendFile(file, line, { mode: 0o644 });
  }

  private async rotate(file: string): Promise<void> {
    await rm(`${file}.${BACKUPS}.gz`, { force: true });
    for (let n = BACKUPS - 1; n >= 1; n--)
      await rename(`${file}.${n}.gz`, `${file}.${n + 1}.gz`).catch(() => undefined);
    await writeFile(`${file}.1.gz`, await promisify(gzip)(await readFile(file)));
    await rm(file);
  }
}
