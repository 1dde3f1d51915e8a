/**
 * `flightctl config current-organization` and `config set-organization <uuid|"">`
 * (ref/clients.md §1.6.10): the organization a context sends as `org_id` on every request.
 */
import type { Command } from 'commander';
import { describeOrganization, listOrganizations } from '../client/organizations.js';
import { withContext } from '../command-context.js';
import { writeClientConfig } from '../config/client-config.js';
import { isOrganizationId } from '../config/organization-id.js';
import type { CommandContext, Output } from '../context.js';
import { CliError } from '../errors.js';

/** `<id> <displayName>` when the server still knows the organization, else just the id. */
async function describeCurrent(ctx: CommandContext, id: string): Promise<string> {
  try {
    const [org] = await listOrganizations(ctx.client(), id);
    return org ? describeOrganization(org) : id;
  } catch {
    return id;
  }
}

async function setOrganization(ctx: CommandContext, id: string): Promise<void> {
  if (id !== '' && !isOrganizationId(id))
    throw new CliError(`cannot set organization: invalid organization ID "${id}": must be a UUID`);
  const config = ctx.config();
  if ((config.organization ?? '') === id) {
    ctx.io.out('Current organization unchanged\n');
    return;
  }
  let description = '';
  if (id !== '') {
    const [org] = await listOrganizations(ctx.client(), id);
    if (!org) throw new CliError(`cannot set organization: organization ${id} not found or not accessible`);
    description = describeOrganization(org);
  }
  const { organization: _previous, ...rest } = config;
  writeClientConfig(ctx.location(), id === '' ? rest : { ...rest, organization: id });
  ctx.io.out(id === '' ? 'Current organization unset\n' : `Current organization set to: ${description}\n`);
}

export function registerConfig(program: Command, io: Output): void {
  const config: Command = program
    .command('config')
    .description('Manage CLI configuration')
    // Without a subcommand upstream shows the help and succeeds.
    .action(() => config.outputHelp());
  config
    .command('current-organization')
    .description('Display the current organization')
    .action(
      withContext(io, async (ctx) => {
        const id = ctx.config().organization;
        ctx.io.out(id ? `${await describeCurrent(ctx, id)}\n` : 'No current organization set\n');
      }),
    );
  config
    .command('set-organization')
    .description('Set the current organization (empty string to unset)')
    .argument('<organization-id>', 'organization UUID, or "" to unset')
    .action(withContext(io, setOrganization));
}
