/**
 * `flightctl edit (TYPE NAME | TYPE/NAME)` (ref/clients.md §1.6.5): open the resource in the user's
 * editor and PATCH what they changed. As kubectl does, a save that cannot be applied (invalid
 * text, refused by the server, changed meanwhile) re-opens the editor with the reasons on top and
 * the user's text kept; saving it unchanged gives up, keeping the text in a file for `apply -f`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { KindName } from '@flightctl/api';
import { parseSingleResource, type SingleResource } from '../args/single-resource.js';
import { withContext } from '../command-context.js';
import type { CommandContext, Output } from '../context.js';
import { EDIT_FORMATS, stripHeader, withHeader, writeTempFile, type EditFormat } from '../edit/edit-file.js';
import type { EditableResource } from '../edit/edit-patch.js';
import { resolveEditor, runEditor } from '../edit/editor.js';
import { submitEdit } from '../edit/submit-edit.js';
import { CliError } from '../errors.js';
import { formatObject } from '../output/print.js';

interface EditOptions {
  output: string;
  editor?: string;
}

const EDITABLE: readonly KindName[] = [
  'Device',
  'Fleet',
  'Repository',
  'ResourceSync',
  'CertificateSigningRequest',
  'AuthProvider',
];

/** The user saved a failed edit unchanged: keep their text for later and stop. */
function giveUp(ctx: CommandContext, target: SingleResource, format: EditFormat, text: string, problems: string[]) {
  const saved = writeTempFile(`flightctl-edit-failed-${target.kind.singular}-${target.name}`, format, text);
  ctx.io.err(
    `Your changes have been saved to: ${saved}\nYou can apply these changes later using: flightctl apply -f ${saved}\n`,
  );
  return new CliError(`Edit cancelled, no valid changes were saved. The last error was: ${problems.join('\n')}`);
}

async function editLoop(
  ctx: CommandContext,
  target: SingleResource,
  original: EditableResource,
  format: EditFormat,
  editor: string,
): Promise<void> {
  const file = writeTempFile(`flightctl-edit-${target.kind.singular}-${target.name}`, format, '');
  try {
    let shown = formatObject(original, format);
    let problems: string[] = [];
    for (let round = 1; ; round++) {
      writeFileSync(file, withHeader(problems, shown));
      runEditor(editor, file);
      const text = stripHeader(readFileSync(file, 'utf8'));
      if (!text.trim()) {
        ctx.io.err('Edit cancelled, saved file was empty.\n');
        return;
      }
      if (text.trimEnd() === shown.trimEnd()) {
        if (round === 1) {
          ctx.io.err('Edit cancelled, no changes made.\n');
          return;
        }
        throw giveUp(ctx, target, format, shown, problems);
      }
      shown = text;
      const outcome = await submitEdit(ctx.client(), target, original, text, format);
      if (outcome.result === 'failed') {
        problems = outcome.problems;
        continue;
      }
      if (outcome.result === 'edited') ctx.io.out(`${target.kind.singular}/${target.name} edited\n`);
      else ctx.io.err('Edit cancelled, no changes made.\n');
      return;
    }
  } finally {
    rmSync(file, { force: true });
  }
}

export function registerEdit(program: Command, io: Output): void {
  program
    .command('edit')
    .description('Edit a resource in your default editor.')
    .argument('<resource...>', 'TYPE/NAME or TYPE NAME (device, fleet, repository, resourcesync, csr, authprovider)')
    .option('-o, --output <format>', 'format to edit in: yaml or json', 'yaml')
    .option('--editor <command>', 'editor to use (default: $FLIGHTCTL_EDITOR, $VISUAL, $EDITOR, then vi)')
    .action(
      withContext(io, async (ctx, args: string[], options: EditOptions) => {
        const target = parseSingleResource(args, EDITABLE, 'edit');
        const format = EDIT_FORMATS.find((f) => f === options.output);
        if (!format) throw new CliError(`output format must be one of (yaml, json), got: ${options.output}`);
        const path = `/${target.kind.plural}/${encodeURIComponent(target.name)}`;
        const { body: original } = await ctx.client().get<EditableResource>(path);
        await editLoop(ctx, target, original, format, resolveEditor(options.editor));
      }),
    );
}
