/**
 * `flightctl enrollmentconfig [CSR_NAME] [-p KEY]` (ref/clients.md §1.6.10): the agent's
 * enrollment configuration from GET /api/v1/enrollmentconfig, as YAML; with -p the private key
 * is embedded as client-key-data.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { fetchEnrollmentConfig } from '../client/enrollment-config.js';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { readPrivateKeyPem } from '../crypto/private-key.js';

export function registerEnrollmentConfig(program: Command, io: Output): void {
  program
    .command('enrollmentconfig')
    .description('Get enrollment config for devices')
    .argument('[CSR_NAME]', 'the certificate signing request whose certificate to include')
    .option('-p, --private-key <file>', 'path to the private key to embed')
    .action(
      withContext(io, async (ctx, csrName: string | undefined, opts: { privateKey?: string }) => {
        const config = await fetchEnrollmentConfig(ctx.client(), csrName);
        if (opts.privateKey) {
          const key = await readPrivateKeyPem(opts.privateKey);
          config['enrollment-service'].authentication['client-key-data'] = Buffer.from(key).toString('base64');
        }
        ctx.io.out(stringify(config));
      }),
    );
}
