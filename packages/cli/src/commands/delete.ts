/**
 * `flightctl delete (TYPE NAME [NAME…] | TYPE/NAME)` (ref/clients.md §1.6.4): one DELETE per name,
 * each reported; when some fail the others still go, and the command fails at the end.
 */
import type { Command } from 'commander';
import type { KindInfo } from '@flightctl/api';
import { parseResourceArgs } from '../args/resource-args.js';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';
import { failureText } from '../failure-text.js';

interface DeleteOptions {
  fleetname?: string;
}

const DELETABLE = new Set([
  'Device',
  'EnrollmentRequest',
  'Fleet',
  'TemplateVersion',
  'Repository',
  'ResourceSync',
  'CertificateSigningRequest',
  'AuthProvider',
]);

function checkTarget(kind: KindInfo, names: readonly string[], fleet: string | undefined): void {
  if (!DELETABLE.has(kind.kind)) throw new CliError(`${kind.plural} cannot be deleted`);
  if (names.length === 0)
    throw new CliError(
      `name must be specified when deleting ${kind.plural}: use "delete ${kind.singular}/NAME" or "delete ${kind.singular} NAME [NAME…]"`,
    );
  if (kind.kind === 'TemplateVersion' && !fleet)
    throw new CliError('fleetname must be specified when deleting templateversions (-f/--fleetname)');
  if (kind.kind !== 'TemplateVersion' && fleet) throw new CliError('-f/--fleetname applies only to templateversions');
}

function resourcePath(kind: KindInfo, name: string, fleet: string | undefined): string {
  const own = `/${kind.plural}/${encodeURIComponent(name)}`;
  return kind.kind === 'TemplateVersion' ? `/fleets/${encodeURIComponent(fleet!)}${own}` : own;
}

export function registerDelete(program: Command, io: Output): void {
  program
    .command('delete')
    .description('Delete one or more resources by name.')
    .argument('<resource...>', 'TYPE NAME [NAME…] or TYPE/NAME')
    .option('-f, --fleetname <fleet>', 'fleet of the templateversions to delete')
    .action(
      withContext(io, async (ctx, args: string[], options: DeleteOptions) => {
        const { kind, names } = parseResourceArgs(args);
        checkTarget(kind, names, options.fleetname);
        let failed = 0;
        for (const name of names) {
          try {
            await ctx.client().request('DELETE', resourcePath(kind, name, options.fleetname));
          } catch (err) {
            const message = `Error: deleting ${kind.singular}/${name}: ${failureText(err)}`;
            if (names.length === 1) throw new CliError(message);
            failed++;
            io.err(`${message}\n`);
            continue;
          }
          io.out(`Deletion request for ${kind.singular} "${name}" completed\n`);
        }
        if (failed > 0) throw new CliError(`failed to delete ${failed} ${kind.singular}(s)`);
      }),
    );
}
