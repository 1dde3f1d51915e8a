/**
 * @peculiar/x509 for the tests (test CAs and certificates, and an independent reading of what the agent
 * encodes itself), ready to use. Its dependency injection (tsyringe) needs the Reflect metadata API
 * loaded first, and it must hash and sign with Node's WebCrypto. Import it from here, not the package.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };
