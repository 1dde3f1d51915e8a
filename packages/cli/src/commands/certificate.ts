/**
 * `flightctl certificate request` (ref/clients.md §1.6.9): create an ECDSA P-256 key, submit a
 * CertificateSigningRequest for it and, for the enrollment signer, wait for the certificate and
 * print an agent config.yaml that enrolls with it (writing <name>.crt and ca.crt alongside the key).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { stringify } from 'yaml';
import { SIGNER_ENROLLMENT, canonicalSignerName, validateDnsSubdomain } from '@flightctl/api';
import { fetchEnrollmentConfig } from '../client/enrollment-config.js';
import { agentConfig, type AgentConfigStyle } from '../certificate/agent-config.js';
import { submitCsr } from '../certificate/submit-csr.js';
import { waitForCertificate } from '../certificate/wait-for-certificate.js';
import { withContext } from '../command-context.js';
import type { CommandContext, Output } from '../context.js';
import { createCsrPem } from '../crypto/csr.js';
import { keyPassword } from '../crypto/key-password.js';
import { keyPem, writePrivateKey } from '../crypto/private-key.js';
import { CliError } from '../errors.js';

const SECONDS_PER_DAY = 24 * 60 * 60;
const ISSUE_TIMEOUT_MS = 2 * 60 * 1000;

interface RequestFlags {
  name?: string;
  expiration: string;
  output: AgentConfigStyle;
  outputDir: string;
  signer: string;
  encrypt?: boolean;
}

interface Request {
  name: string;
  signerName: string;
  expirationSeconds: number;
}

function validate(flags: RequestFlags, outputGiven: boolean): Request {
  // Other names go to the service as given: which signers exist is its configuration (it may rename
  // them), and it answers a name it does not have with the ones it does.
  const signerName = canonicalSignerName(flags.signer) ?? flags.signer.trim();
  if (signerName === '') throw new CliError('invalid signer name: must not be empty');
  const name = flags.name || (signerName === SIGNER_ENROLLMENT ? 'client-enrollment' : 'cert');
  const problems = validateDnsSubdomain(name);
  if (problems.length > 0) throw new CliError(`invalid resource name: ${problems.join('; ')}`);
  if (signerName !== SIGNER_ENROLLMENT && outputGiven)
    throw new CliError("output format cannot be set for certificate types other than 'enrollment'");
  const days = /^(\d+)d$/.exec(flags.expiration)?.[1];
  if (!days || Number(days) === 0)
    throw new CliError(
      `invalid expiration specified: ${flags.expiration}: expiration must be in the form of days, example: 365d`,
    );
  return { name, signerName, expirationSeconds: Number(days) * SECONDS_PER_DAY };
}

/** Upstream bounds the whole command by --request-timeout, so the wait never outlasts it. */
function issueTimeoutMs(ctx: CommandContext): number {
  const seconds = Number(ctx.globals.requestTimeout ?? 0);
  return seconds > 0 ? Math.min(seconds * 1000, ISSUE_TIMEOUT_MS) : ISSUE_TIMEOUT_MS;
}

async function request(ctx: CommandContext, flags: RequestFlags, outputGiven: boolean): Promise<void> {
  const req = validate(flags, outputGiven);
  const client = ctx.client();
  const keyPath = join(flags.outputDir, `${req.name}.key`);
  mkdirSync(flags.outputDir, { recursive: true, mode: 0o700 });
  ctx.io.err(`Creating new ECDSA key pair and writing to "${keyPath}".\n`);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // Written before submitting: the key is what later proves the request is ours.
  writePrivateKey(keyPath, privateKey, flags.encrypt ? await keyPassword() : undefined);

  const organization = ctx.globals.org ?? ctx.config().organization;
  let csrName: string;
  try {
    csrName = await submitCsr(client, ctx.io, {
      baseName: req.name,
      signerName: req.signerName,
      expirationSeconds: req.expirationSeconds,
      csrPem: (name) => createCsrPem(privateKey, publicKey, name, organization),
    });
  } catch (err) {
    // No request was created: the key would belong to nothing.
    rmSync(keyPath, { force: true });
    throw err;
  }
  // Other signers need an approval that may take any time: the request is all this command does.
  if (req.signerName !== SIGNER_ENROLLMENT) return;

  const certificate = await waitForCertificate(client, ctx.io, csrName, issueTimeoutMs(ctx));
  const enrollment = await fetchEnrollmentConfig(client);
  writeFileSync(join(flags.outputDir, `${req.name}.crt`), Buffer.from(certificate, 'base64'), { mode: 0o600 });
  const ca = enrollment['enrollment-service'].service['certificate-authority-data'];
  writeFileSync(join(flags.outputDir, 'ca.crt'), Buffer.from(ca, 'base64'), { mode: 0o600 });
  const issued = { name: req.name, certificate, keyPem: keyPem(privateKey) };
  ctx.io.out(stringify(agentConfig(flags.output, enrollment, issued)));
}

export function registerCertificate(program: Command, io: Output): void {
  const command: Command = program
    .command('certificate')
    .description("Request a new certificate for a device with 'certificate request'")
    .addArgument(new Argument('<action>', 'what to do').choices(['request']))
    .option('-n, --name <name>', 'name of the certificate signing request (default client-enrollment, or cert)')
    .option('-x, --expiration <days>', 'certificate expiration in days, e.g. 365d', '7d')
    .addOption(
      new Option('-o, --output <style>', 'agent config for an enrollment certificate: embedded or reference files')
        .choices(['embedded', 'reference'])
        .default('embedded'),
    )
    .option('-d, --output-dir <dir>', 'directory for the key, certificate and CA files', '.')
    .option(
      '-s, --signer <signer>',
      'signer of the request, as the service names it (enrollment = flightctl.io/enrollment)',
      SIGNER_ENROLLMENT,
    )
    .option('-e, --encrypt', 'encrypt the key file with $FCPASS, or a password asked for')
    .action(
      withContext(io, async (ctx, _action: string, flags: RequestFlags) => {
        await request(ctx, flags, command.getOptionValueSource('output') === 'cli');
      }),
    );
}
