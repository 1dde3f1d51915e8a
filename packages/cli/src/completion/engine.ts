/**
 * What to offer for the word under the cursor, from the command tree itself: subcommands, flags
 * (the command's and the global ones), flag values with fixed choices, context names, resource
 * kinds and, through `get`, resource names. The shell scripts only display the answer.
 */
import { Help, type Command, type Option } from 'commander';
import { findKind, type KindInfo } from '@flightctl/api/kinds';
import { defaultConfigDir } from '../config/client-config.js';
import { listContexts } from '../config/contexts.js';
import type { GlobalOptions } from '../context.js';
import { RESOURCE_COMMANDS, UNNAMED_KINDS, type ResourceRule } from './resource-commands.js';

export interface Completion {
  candidates: string[];
  /** The shell should complete file names instead. */
  files: boolean;
}

export type NameLookup = (kind: KindInfo, globals: GlobalOptions, getArgs: string[]) => Promise<string[]>;

/** Where the words before the cursor lead: the command, its positional words and the option values. */
interface Position {
  command: Command;
  positionals: string[];
  values: Record<string, string>;
  /** An option still waiting for its value (the word under the cursor). */
  pending?: Option;
}

const GLOBAL_KEYS = ['org', 'context', 'configDir', 'requestTimeout'] as const;
/** Placeholders like `<file>`, `<dir>` or `<path>` mark values that are paths. */
const PATH_PLACEHOLDER_RE = /[<[][^>\]]*(file|dir|path)[^>\]]*[>\]]/i;
const PATH_ARGUMENT_RE = /file|dir|path/i;

const help = new Help();
const none = (): Completion => ({ candidates: [], files: false });
const files = (): Completion => ({ candidates: [], files: true });

function findOption(command: Command, word: string): Option | undefined {
  const flag = word.split('=')[0];
  for (let c: Command | null = command; c; c = c.parent) {
    const option = c.options.find((o) => o.long === flag || o.short === flag);
    if (option) return option;
  }
  return undefined;
}

function locate(root: Command, words: string[]): Position {
  const position: Position = { command: root, positionals: [], values: {} };
  for (const word of words) {
    const pending = position.pending;
    if (pending) {
      // Bash splits `--output=json` into `--output`, `=`, `json`.
      if (word === '=') continue;
      position.values[pending.attributeName()] = word;
      position.pending = undefined;
    } else if (word.startsWith('-') && word !== '-') {
      const option = findOption(position.command, word);
      if (!option || !(option.required || option.optional)) continue;
      if (word.includes('=')) position.values[option.attributeName()] = word.slice(word.indexOf('=') + 1);
      else position.pending = option;
    } else {
      const sub =
        position.positionals.length === 0
          ? position.command.commands.find((c) => c.name() === word || c.aliases().includes(word))
          : undefined;
      if (sub) position.command = sub;
      else position.positionals.push(word);
    }
  }
  return position;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The command's flags, then those of its parents (the global ones last); --help only once. */
function flags(command: Command): string[] {
  const result = new Set<string>();
  for (let c: Command | null = command; c; c = c.parent)
    for (const option of help.visibleOptions(c))
      for (const flag of [option.long, option.short]) if (flag) result.add(flag);
  return [...result];
}

export class CompletionEngine {
  constructor(
    private readonly root: Command,
    /** The global options the completion request itself was given (words on the line win). */
    private readonly baseGlobals: GlobalOptions,
    private readonly lookupNames: NameLookup,
  ) {}

  /** `words` are those after the program name, the last being the (possibly empty) word under the cursor. */
  async complete(words: string[]): Promise<Completion> {
    const current = words.at(-1) ?? '';
    const position = locate(this.root, words.slice(0, -1));
    const result = await this.candidates(position, current);
    return { ...result, candidates: result.candidates.filter((c) => c.startsWith(current)) };
  }

  private async candidates(position: Position, current: string): Promise<Completion> {
    if (position.pending) return this.optionValue(position.pending, position);
    if (current.startsWith('-')) return { candidates: flags(position.command), files: false };
    if (position.positionals.length === 0) {
      const subcommands = help.visibleCommands(position.command).map((c) => c.name());
      if (subcommands.length > 0) return { candidates: subcommands, files: false };
    }
    const rule = RESOURCE_COMMANDS[commandPath(position.command)];
    if (rule) return this.resources(rule, position, current);
    const args = position.command.registeredArguments;
    const argument = args[Math.min(position.positionals.length, args.length - 1)];
    if (argument?.argChoices) return { candidates: argument.argChoices, files: false };
    return argument && PATH_ARGUMENT_RE.test(argument.name()) ? files() : none();
  }

  private globals(position: Position): GlobalOptions {
    const globals: GlobalOptions = { ...this.baseGlobals };
    for (const key of GLOBAL_KEYS) if (position.values[key] !== undefined) globals[key] = position.values[key];
    return globals;
  }

  private optionValue(option: Option, position: Position): Completion {
    if (option.argChoices) return { candidates: option.argChoices, files: false };
    if (option.attributeName() === 'context') {
      const { configDir } = this.globals(position);
      return { candidates: listContexts(configDir ?? defaultConfigDir()), files: false };
    }
    return PATH_PLACEHOLDER_RE.test(option.flags) ? files() : none();
  }

  private async resources(rule: ResourceRule, position: Position, current: string): Promise<Completion> {
    const kinds = rule.kinds.map((k) => findKind(k)).filter((k): k is KindInfo => k !== undefined);
    const slash = current.indexOf('/');
    if (slash >= 0) {
      const kind = findKind(current.slice(0, slash));
      if (!kind || !kinds.includes(kind)) return none();
      const names = await this.names(kind, position);
      return { candidates: names.map((n) => `${current.slice(0, slash)}/${n}`), files: false };
    }
    const [first] = position.positionals;
    if (first === undefined)
      return { candidates: kinds.flatMap((k) => [k.singular, k.plural, ...k.shortNames]), files: false };
    const kind = rule.typeThenName && !first.includes('/') ? findKind(first) : undefined;
    return kind && kinds.includes(kind) ? { candidates: await this.names(kind, position), files: false } : none();
  }

  private names(kind: KindInfo, position: Position): Promise<string[]> {
    if (UNNAMED_KINDS.has(kind.singular)) return Promise.resolve([]);
    // Template versions are listed per fleet (`--fleetname`, `-f` on delete).
    const fleet = position.values.fleetname;
    return this.lookupNames(kind, this.globals(position), fleet ? ['--fleetname', fleet] : []);
  }
}
