/**
 * `flightctl completion [bash|zsh|fish]` prints a shell completion script (ref/clients.md §1.6.10);
 * the hidden `flightctl __complete -- WORD…` answers the scripts (see completion/scripts.ts).
 */
import { Argument, type Command } from 'commander';
import { withContext } from '../command-context.js';
import { CompletionEngine } from '../completion/engine.js';
import { resourceNames } from '../completion/resource-names.js';
import { COMPLETION_SCRIPTS, SHELLS, type Shell } from '../completion/scripts.js';
import type { Output } from '../context.js';

export function registerCompletion(program: Command, io: Output): void {
  const completion: Command = program
    .command('completion')
    .description('Generate autocompletion script')
    .addArgument(new Argument('[shell]', 'the shell to complete in').choices([...SHELLS, 'help']).default('bash'))
    .addHelpText(
      'after',
      '\nLoad the completion in the current shell:\n' +
        '  bash: source <(flightctl completion bash)\n' +
        '  zsh:  source <(flightctl completion zsh)\n' +
        '  fish: flightctl completion fish | source\n',
    )
    .action(
      withContext(io, async (ctx, shell: Shell | 'help') => {
        if (shell === 'help') completion.outputHelp();
        else ctx.io.out(COMPLETION_SCRIPTS[shell]);
      }),
    );

  program
    .command('__complete', { hidden: true })
    .description('answer a completion script: candidates for the last word')
    .argument('[words...]')
    .helpOption(false)
    .allowUnknownOption()
    .action(
      withContext(io, async (ctx, words: string[]) => {
        const engine = new CompletionEngine(program, ctx.globals, resourceNames);
        const { candidates, files } = await engine.complete(words.length > 0 ? words : ['']);
        ctx.io.out([files ? ':files' : ':words', ...candidates].map((line) => `${line}\n`).join(''));
      }),
    );
}
