/**
 * The device identity kept in files (ref/agent.md §9.2): an ECDSA P-256 key in `<data>/certs/agent.key`
 * (SEC1 PEM, 0600), created on first start; the enrollment CSR persisted in `agent.csr` until the
 * management certificate `agent.crt` arrives. The certificate's existence means "enrolled".
 */
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { RootDir } from '../os/root-dir.js';
import {
  certificateRequestCommonName,
  createCertificateRequestPem,
  generateKeyPem,
} from '../certificates/certificate-request.js';
import { deviceNameFromPublicKey } from './device-name.js';

const SECRET_MODE = 0o600;
const CERTS_DIR_MODE = 0o755;

export class FileIdentity {
  readonly keyPath: string;
  readonly csrPath: string;
  readonly certPath: string;
  private key?: { pem: string; name: string };

  constructor(
    private readonly root: RootDir,
    dataDir: string,
  ) {
    const dir = posix.join(dataDir, 'certs');
    this.keyPath = posix.join(dir, 'agent.key');
    this.csrPath = posix.join(dir, 'agent.csr');
    this.certPath = posix.join(dir, 'agent.crt');
  }

  /** Loads the device key, or creates and stores one on first start. */
  async initialize(): Promise<void> {
    let pem = await this.root.readFile(this.keyPath);
    if (pem === undefined) {
      pem = await generateKeyPem();
      await this.root.mkdir(posix.dirname(this.keyPath), CERTS_DIR_MODE);
      await this.root.writeFileAtomic(this.keyPath, pem, SECRET_MODE);
    }
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(pem);
    } catch (err) {
      throw new Error(`reading device key ${this.keyPath}: ${(err as Error).message}`, { cause: err });
    }
    this.key = { pem, name: deviceNameFromPublicKey(createPublicKey(privateKey)) };
  }

  private get loaded() {
    if (!this.key) throw new Error('device identity is not initialized');
    return this.key;
  }

  /** The device name derived from the key. */
  get name(): string {
    return this.loaded.name;
  }

  /** The private key PEM, for mTLS with the management certificate. */
  get privateKeyPem(): string {
    return this.loaded.pem;
  }

  /** A new CSR for the device key with the device name as CN (certificate renewal uses the same key). */
  createCertificateRequest(): Promise<string> {
    return createCertificateRequestPem(this.loaded.pem, this.loaded.name);
  }

  /** The persisted enrollment CSR if it is for this device, else a new one, persisted (§2.1 step 3). */
  async enrollmentCertificateRequest(): Promise<string> {
    const existing = await this.root.readFile(this.csrPath);
    if (existing !== undefined && certificateRequestCommonName(existing) === this.name) return existing;
    const csr = await this.createCertificateRequest();
    await this.root.writeFileAtomic(this.csrPath, csr, SECRET_MODE);
    return csr;
  }

  async hasCertificate(): Promise<boolean> {
    return this.root.exists(this.certPath);
  }

  async readCertificate(): Promise<string | undefined> {
    return this.root.readFile(this.certPath);
  }

  async storeCertificate(pem: string): Promise<void> {
    await this.root.writeFileAtomic(this.certPath, pem, SECRET_MODE);
  }

  /** Forgets the management certificate (key and CSR kept): the agent enrolls again with the same name. */
  wipeCertificate(): Promise<void> {
    return this.wipe(this.certPath);
  }

  wipeCertificateRequest(): Promise<void> {
    return this.wipe(this.csrPath);
  }

  /**
   * Overwrites the file in place (same inode, so the old bytes are gone) with random bytes of the same
   * length before unlinking it, as upstream does.
   */
  private async wipe(path: string): Promise<void> {
    const content = await this.root.readFile(path);
    if (content === undefined) return;
    await writeFile(this.root.path(path), randomBytes(Buffer.byteLength(content)));
    await this.root.remove(path);
  }
}
