/**
 * `flightctl version [-o json|yaml]` (ref/clients.md §1.6.10): the client's version, and the
 * server's from GET /api/v1/version when logged in. Not being able to ask the server is reported
 * on stderr but is no failure, as upstream.
 */
import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import type { Version } from '@flightctl/api';
import { withContext } from '../command-context.js';
import type { CommandContext, Output } from '../context.js';
import { CLI_VERSION } from '../version.js';

interface Versions {
  clientVersion: { major: string; minor: string; patch: string; gitVersion: string; platform: string };
  serverVersion?: Version;
}

function clientVersion(): Versions['clientVersion'] {
  const [major = '', minor = '', patch = ''] = CLI_VERSION.replace(/^v/, '').split(/[.+-]/);
  return { major, minor, patch, gitVersion: CLI_VERSION, platform: `${process.platform}/${process.arch}` };
}

/** The server's version, or why there is none (printed after the versions). */
async function serverVersion(ctx: CommandContext): Promise<Version | string> {
  try {
    ctx.config();
  } catch (err) {
    // Not logged in: the message says how to.
    return (err as Error).message;
  }
  try {
    return (await ctx.client().get<Version>('/version')).body;
  } catch (err) {
    return `Could not read server version: ${(err as Error).message}`;
  }
}

function format(versions: Versions, output: string | undefined): string {
  if (output === 'json') return `${JSON.stringify(versions, null, 2)}\n`;
  if (output === 'yaml') return stringify(versions);
  const lines = [`Client Version: ${versions.clientVersion.gitVersion}`];
  if (versions.serverVersion) lines.push(`Server Version: ${versions.serverVersion.version}`);
  return `${lines.join('\n')}\n`;
}

export function registerVersion(program: Command, io: Output): void {
  program
    .command('version')
    .description('Print flightctl version information.')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['json', 'yaml']))
    .action(
      withContext(io, async (ctx, opts: { output?: string }) => {
        const server = await serverVersion(ctx);
        const versions: Versions = { clientVersion: clientVersion() };
        if (typeof server !== 'string') versions.serverVersion = server;
        ctx.io.out(format(versions, opts.output));
        if (typeof server === 'string') ctx.io.err(`${server}\n`);
      }),
    );
}
