import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, commandWord, loadProgram } from './command-modules.js';
import type { Output } from './context.js';
import { buildProgram } from './program.js';

const io: Output = { out: () => undefined, err: () => undefined, isTTY: false };
const argv = (...args: string[]) => ['node', 'flightctl', ...args];
/** Completion walks the whole tree, so it is loaded through program.ts, never alone. */
const WHOLE_TREE = ['completion', '__complete'];

describe('commandWord', () => {
  it('finds the command after global options and their values, in every spelling', () => {
    expect(commandWord(argv('get', 'devices', '-o', 'json'))).toBe('get');
    expect(commandWord(argv('--config-dir', '/tmp/x', '-c', 'ctx', 'get', 'devices'))).toBe('get');
    expect(commandWord(argv('--org=0f0f0f0f-0000-0000-0000-000000000000', '--request-timeout', '5', 'version'))).toBe(
      'version',
    );
    expect(commandWord(argv('-cctx', 'delete', 'device/a'))).toBe('delete');
  });

  it('has none for help, an unknown option first, or a global option missing its value', () => {
    expect(commandWord(argv())).toBeUndefined();
    expect(commandWord(argv('--help'))).toBeUndefined();
    expect(commandWord(argv('--bogus', 'get'))).toBeUndefined();
    expect(commandWord(argv('--org'))).toBeUndefined();
  });
});

describe('loadProgram', () => {
  const whole = buildProgram(io);

  it('knows every command of the whole tree', () => {
    const names = whole.commands.map((c) => c.name()).filter((name) => !WHOLE_TREE.includes(name));
    expect(Object.keys(COMMAND_MODULES).sort()).toEqual(names.sort());
  });

  it('registers only the named command, exactly as the whole tree has it', async () => {
    for (const command of whole.commands.filter((c) => !WHOLE_TREE.includes(c.name()))) {
      const program = await loadProgram(argv('--config-dir', '/nowhere', command.name()), io);
      expect(program.commands.map((c) => c.name())).toEqual([command.name()]);
      expect(program.commands[0]!.helpInformation()).toBe(command.helpInformation());
      expect(program.helpInformation()).not.toBe(whole.helpInformation());
    }
  });

  it('gives the whole tree for help, completion and words it does not know', async () => {
    for (const args of [argv(), argv('--help'), argv('help', 'get'), argv('completion', 'bash'), argv('gett')]) {
      expect((await loadProgram(args, io)).helpInformation()).toBe(whole.helpInformation());
    }
  });
});
