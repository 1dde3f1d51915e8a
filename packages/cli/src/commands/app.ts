/**
 * `flightctl app start|stop (device/NAME | fleet/NAME) --name APP` and `app restart device/NAME
 * --name APP` (ref/clients.md §1.6.8): application lifecycle actions, confirmed first unless --yes.
 * On a fleet the action is a fleet-wide default for its current and future devices.
 */
import type { Command } from 'commander';
import type { KindName } from '@flightctl/api';
import { parseSingleResource } from '../args/single-resource.js';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';
import { failureText } from '../failure-text.js';
import { confirm } from '../prompt/confirm.js';

interface AppActionOptions {
  name: string;
  yes?: boolean;
}

interface AppAction {
  action: 'start' | 'stop' | 'restart';
  gerund: string;
  kinds: readonly KindName[];
  description: string;
}

const ACTIONS: readonly AppAction[] = [
  {
    action: 'start',
    gerund: 'starting',
    kinds: ['Device', 'Fleet'],
    description: 'Start an application on a device, or on every device of a fleet.',
  },
  {
    action: 'stop',
    gerund: 'stopping',
    kinds: ['Device', 'Fleet'],
    description: 'Stop an application on a device, or on every device of a fleet.',
  },
  { action: 'restart', gerund: 'restarting', kinds: ['Device'], description: 'Restart an application on a device.' },
];

function registerAction(app: Command, io: Output, { action, gerund, kinds, description }: AppAction): void {
  const targets = kinds.map((k) => `${k.toLowerCase()}/NAME`).join(' | ');
  app
    .command(action)
    .description(description)
    .argument('<resource...>', targets)
    .requiredOption('--name <app>', 'name of the application')
    .option('-y, --yes', 'skip the confirmation prompt')
    .action(
      withContext(io, async (ctx, args: string[], options: AppActionOptions) => {
        const { kind, name } = parseSingleResource(args, kinds, `${action} an application on`);
        const app = options.name;
        if (!app) throw new CliError('--name must not be empty');
        const scope = kind.kind === 'Fleet' ? `every device in fleet "${name}"` : `${kind.singular} "${name}"`;
        const verb = action[0]!.toUpperCase() + action.slice(1);
        if (!options.yes) await confirm(ctx.io, `${verb} application "${app}" on ${scope}?`);
        const path = `/${kind.plural}/${encodeURIComponent(name)}/applications/${encodeURIComponent(app)}/actions/${action}`;
        try {
          await ctx.client().request('POST', path);
        } catch (err) {
          throw new CliError(`Error: ${gerund} application "${app}" on ${scope}: ${failureText(err)}`);
        }
        ctx.io.out(`Requested ${action} of application "${app}" on ${scope}\n`);
      }),
    );
}

export function registerApp(program: Command, io: Output): void {
  const app = program.command('app').description('Manage the lifecycle of applications running on devices or fleets.');
  for (const action of ACTIONS) registerAction(app, io, action);
}
