/**
 * `flightctl csr-generate FILE.csr -o OUT.yaml` (ref/clients.md §1.6.10): wrap a PEM certificate
 * request into a CertificateSigningRequest resource to `apply`. Works offline.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { SIGNER_ENROLLMENT, type CertificateSigningRequest } from '@flightctl/api';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';

interface CsrGenerateFlags {
  output: string;
  name: string;
  expiry: string;
  overwrite?: boolean;
}

function readCsrFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CliError(`invalid CSR file specified: ${(err as Error).message}`);
  }
}

export function registerCsrGenerate(program: Command, io: Output): void {
  program
    .command('csr-generate')
    .description('Generate a CSR resource config .yaml based on a CSR file .csr')
    .argument('<csr-file>', 'PEM certificate request')
    .requiredOption('-o, --output <file>', 'file to write the CertificateSigningRequest to')
    .option('-n, --name <name>', 'name of the CertificateSigningRequest', 'mycsr')
    .option('-e, --expiry <seconds>', 'requested certificate lifetime in seconds', '604800')
    .option('-y, --overwrite', 'overwrite the output file if it exists')
    .action(
      withContext(io, async (ctx, csrFile: string, flags: CsrGenerateFlags) => {
        const request = readCsrFile(csrFile);
        if (!/^[1-9]\d*$/.test(flags.expiry))
          throw new CliError(`invalid --expiry "${flags.expiry}": must be a positive number of seconds`);
        if (!flags.overwrite && existsSync(flags.output))
          throw new CliError('file already exists and overwrite is not set');
        const csr: CertificateSigningRequest = {
          apiVersion: 'v1beta1',
          kind: 'CertificateSigningRequest',
          metadata: { name: flags.name },
          spec: {
            request: request.toString('base64'),
            signerName: SIGNER_ENROLLMENT,
            usages: ['clientAuth', 'CA:false'],
            expirationSeconds: Number(flags.expiry),
          },
        };
        writeFileSync(flags.output, stringify(csr));
        ctx.io.out(`config file written to: ${flags.output}\n`);
      }),
    );
}
