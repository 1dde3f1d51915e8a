/**
 * `flightctl apply -f FILENAME…` (ref/clients.md §1.6.3): create or replace every resource in the
 * named files with PUT, reporting each as kubectl does (created / configured / unchanged). A bad
 * document is reported with its file and position and the others still apply; the exit code says
 * whether all of them did.
 */
import type { Command } from 'commander';
import { fieldErrorsToMessage, type ObjectMeta } from '@flightctl/api';
import { collectList } from '../args/list-option.js';
import type { ApiClient } from '../client/api-client.js';
import { withContext } from '../command-context.js';
import type { CommandContext, Output } from '../context.js';
import { CliError } from '../errors.js';
import { failureText } from '../failure-text.js';
import { validateLocally } from '../manifests/local-validation.js';
import { resolveSources } from '../manifests/manifest-sources.js';
import { parseDocuments, type ManifestEntry } from '../manifests/parse-documents.js';
import { identifyResource, type ResourceDocument } from '../manifests/resource-document.js';

interface ApplyOptions {
  filename?: string[];
  recursive?: boolean;
  dryRun?: boolean;
}

type Outcome = 'created' | 'configured' | 'unchanged';

/**
 * PUT creates or replaces. The server leaves resourceVersion alone when nothing changed, so the
 * version before and after tells "configured" from "unchanged".
 */
async function putResource(client: ApiClient, doc: ResourceDocument): Promise<Outcome> {
  const path = `/${doc.kind.plural}/${encodeURIComponent(doc.name)}`;
  const before = await client.get<{ metadata?: ObjectMeta }>(path, undefined, [404]);
  const previousVersion = before.status === 404 ? undefined : before.body.metadata?.resourceVersion;
  const after = await client.request<{ metadata?: ObjectMeta }>('PUT', path, { body: doc.object });
  if (after.status === 201) return 'created';
  return after.body.metadata?.resourceVersion === previousVersion ? 'unchanged' : 'configured';
}

class ApplyRun {
  private attempted = 0;
  private failed = 0;

  constructor(
    private readonly ctx: CommandContext,
    private readonly dryRun: boolean,
  ) {}

  private fail(message: string): void {
    this.failed++;
    this.ctx.io.err(`Error: ${message}\n`);
  }

  async applyEntry(entry: ManifestEntry): Promise<void> {
    this.attempted++;
    if ('problem' in entry) return this.fail(`${entry.location}: ${entry.problem}`);
    const doc = identifyResource(entry.object);
    if (typeof doc === 'string') return this.fail(`${entry.location}: ${doc}`);
    const ref = `${doc.kind.singular}/${doc.name}`;
    if (this.dryRun) {
      const problems = validateLocally(doc.kind.kind, doc.object);
      if (problems.length > 0) return this.fail(`${entry.location}: ${ref}: ${fieldErrorsToMessage(problems)}`);
      this.ctx.io.out(`${ref} configured (dry run)\n`);
      return;
    }
    try {
      this.ctx.io.out(`${ref} ${await putResource(this.ctx.client(), doc)}\n`);
    } catch (err) {
      this.fail(`${entry.location}: ${ref}: ${failureText(err)}`);
    }
  }

  async run(filenames: readonly string[], recursive: boolean): Promise<void> {
    for (const entry of resolveSources(filenames, recursive)) {
      if ('problem' in entry) {
        this.attempted++;
        this.fail(entry.problem);
        continue;
      }
      let text: string;
      try {
        text = entry.source.read();
      } catch (err) {
        this.attempted++;
        this.fail(`${entry.source.name}: ${(err as Error).message}`);
        continue;
      }
      for (const doc of parseDocuments(entry.source.name, text)) await this.applyEntry(doc);
    }
    if (this.attempted === 0) throw new CliError('no objects passed to apply');
    if (this.failed > 0) throw new CliError(`failed to apply ${this.failed} of ${this.attempted} resource(s)`);
  }
}

export function registerApply(program: Command, io: Output): void {
  const command = program
    .command('apply')
    .description('Apply a configuration to a resource by file name or stdin.')
    .usage('-f FILENAME [-f FILENAME…] [-R] [--dry-run]')
    .option(
      '-f, --filename <path>',
      'file, directory or quoted glob pattern holding the resources ("-" reads stdin); repeatable',
      collectList,
    )
    .option('-R, --recursive', 'process the directories given with -f recursively')
    .option('--dry-run', 'validate the resources locally and print what would be applied, without sending them')
    // Extra words are most likely a glob the shell expanded after -f: say so instead of Commander's error.
    .allowExcessArguments();
  command.action(
    withContext(io, async (ctx, options: ApplyOptions) => {
      if (command.args.length > 0)
        throw new CliError(`unexpected arguments: ${command.args.join(' ')} (did you forget to quote wildcards?)`);
      if (!options.filename) throw new CliError('must specify -f FILENAME');
      await new ApplyRun(ctx, Boolean(options.dryRun)).run(options.filename, Boolean(options.recursive));
    }),
  );
}
