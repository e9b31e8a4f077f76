/**
 * `capi completion bash|zsh`: a shell completion script, built at run time from the commander
 * program itself (its commands, their options and the choices of those options), so it never goes
 * stale when a command or an option is added. Option values commander does not know as choices come
 * from capi's own lists (`optionValues`): statuses from the schema, provinces from the reference list,
 * formats per command. Sheet arguments complete to YAML files (and folders), nothing else.
 */
import type { Command, Option } from 'commander';
import { loadGazetteer } from '../link/places.js';
import { readSchema } from '../validate/schemas.js';
import { BOOKLET_FORMATS, RENDER_FORMATS } from '../util/formats.js';

/** What the scripts need to know about one command. */
interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** What its arguments are: sheet files (and folders), a folder, one of `choices`, or none. */
  args: { kind: 'sheets' } | { kind: 'folder' } | { kind: 'choices'; choices: string[] } | undefined;
}

interface OptionSpec {
  flags: string[];
  description: string;
  /** Takes a value (`--out <dossier>`). */
  takesValue: boolean;
  /** Allowed values (`--edition interne|publique`, `--province Tiznit|…`). */
  choices?: string[];
  /** The value is a comma-separated list of `choices` (`--format pdf,docx`). */
  list?: boolean;
  /** The value is a folder (`--out`, `--dir`). */
  folder: boolean;
}

/** The statuses of a sheet, from the schema (`$defs.statut.enum`). */
function statuses(): string[] {
  const defs = readSchema('common').$defs as Record<string, { enum?: string[] }>;
  return [...(defs.statut?.enum ?? [])];
}

/**
 * Values of the options that commander does not check itself (free text, or comma lists), for
 * `command`: `--statut` (the schema's statuses; a list for `booklet`), `--province` (official names of
 * the reference list), `--format` (the formats of each command, a list).
 */
export function optionValues(command: string, long: string | undefined): Pick<OptionSpec, 'choices' | 'list'> | undefined {
  switch (long) {
    case '--statut':
      return { choices: statuses(), list: command === 'booklet' };
    case '--province':
      return { choices: loadGazetteer().provinces.map((p) => p.nameFr) };
    case '--format':
      if (command === 'render' || command === 'report') return { choices: [...RENDER_FORMATS], list: true };
      if (command === 'booklet') return { choices: [...BOOKLET_FORMATS], list: true };
      return undefined;
    default:
      return undefined;
  }
}

function optionSpec(option: Option, command: string): OptionSpec {
  const flags = [option.short, option.long].filter((f): f is string => typeof f === 'string');
  const known = option.argChoices ? { choices: [...option.argChoices] } : optionValues(command, option.long);
  return {
    flags,
    description: option.description,
    takesValue: option.required || option.optional,
    ...known,
    folder: /<(dossier|dir|folder)>/i.test(option.flags),
  };
}

/** What the arguments of `cmd` complete to. */
function argsSpec(cmd: Command): CommandSpec['args'] {
  const first = cmd.registeredArguments[0];
  if (!first) return undefined;
  if (first.argChoices) return { kind: 'choices', choices: [...first.argChoices] };
  if (/^(dossier|dir|folder)$/i.test(first.name())) return { kind: 'folder' };
  return { kind: 'sheets' };
}

/** The commands of `program` with their options (help options included), for the scripts. */
export function describeProgram(program: Command): { global: OptionSpec[]; commands: CommandSpec[] } {
  const withHelp = (cmd: Command, name: string) => {
    const help = (cmd as unknown as { _getHelpOption?: () => Option | null })._getHelpOption?.();
    const options = [...cmd.options];
    if (help && !options.some((o) => o.long === help.long)) options.push(help);
    return options.map((o) => optionSpec(o, name));
  };
  const global = withHelp(program, '');
  // commander keeps the version option in `options` too; nothing more to add
  const commands = program.commands.map((cmd) => ({
    name: cmd.name(),
    description: cmd.description(),
    options: withHelp(cmd, cmd.name()),
    args: argsSpec(cmd),
  }));
  return { global, commands };
}

/** A word list for bash's `compgen -W`, quoted for a double-quoted string. */
function words(list: string[]): string {
  return list.join(' ').replace(/["\\$`]/g, '\\$&');
}

/** `text` as one bash word (single-quoted). */
function bashWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The bash completion script (`source <(capi completion bash)`). */
export function bashScript(program: Command): string {
  const { global, commands } = describeProgram(program);
  const name = program.name();
  const id = name.replace(/\W/g, '_');
  const fn = `_${id}_completion`;
  const values = `_${id}_values`;
  const sheets = `_${id}_sheets`;
  const valueCases: string[] = [];
  const addValueCases = (cmd: string, options: OptionSpec[]) => {
    for (const o of options) {
      if (!o.takesValue) continue;
      const pattern = o.flags.map((f) => `${cmd}:${f}`).join('|');
      if (o.choices) valueCases.push(`      ${pattern}) ${values} ${o.list ? 1 : 0} ${o.choices.map(bashWord).join(' ')}; return 0 ;;`);
      else if (o.folder) valueCases.push(`      ${pattern}) COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null; return 0 ;;`);
      else valueCases.push(`      ${pattern}) return 0 ;;`);
    }
  };
  for (const cmd of commands) addValueCases(cmd.name, [...cmd.options, ...global.filter((g) => g.flags.includes('--lang'))]);
  addValueCases('', global);
  const optionCases = commands.map((cmd) => `      ${cmd.name}) opts="${words(cmd.options.flatMap((o) => o.flags))}" ;;`);
  const argCases = commands.flatMap((cmd) => {
    if (!cmd.args) return [];
    if (cmd.args.kind === 'sheets') return [`      ${cmd.name}) ${sheets} ;;`];
    if (cmd.args.kind === 'folder') return [`      ${cmd.name}) COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null ;;`];
    return [`      ${cmd.name}) ${values} 0 ${cmd.args.choices.map(bashWord).join(' ')} ;;`];
  });
  return `# ${name} completion for bash: source <(${name} completion bash)
# Generated by \`${name} completion bash\` from ${name}'s own commands and options.

# the values (arguments 2…) that start like the word being typed; with 1 as first argument, a
# comma-separated list: the part after the last comma is completed
${values}() {
  local list="$1" prefix="" last="\${cur//\\\\/}" v
  shift
  if [[ "$list" == 1 && "$last" == *,* ]]; then prefix="\${last%,*},"; last="\${last##*,}"; fi
  COMPREPLY=()
  for v in "$@"; do
    if [[ "$v" == "$last"* ]]; then v="$prefix$v"; COMPREPLY+=("\${v// /\\\\ }"); fi
  done
  if [[ "$list" == 1 ]]; then compopt -o nospace 2>/dev/null; fi
  return 0
}

# sheets: YAML files (not capi.config.yaml) and folders to look into; never .gitkeep or other files
${sheets}() {
  local IFS=$'\\n' f
  COMPREPLY=()
  for f in $(compgen -d -- "$cur"); do
    [[ "\${f##*/}" == . || "\${f##*/}" == .. ]] && continue
    [[ "\${f##*/}" == .* && "\${cur##*/}" != .* ]] && continue
    COMPREPLY+=("$f")
  done
  for f in $(compgen -f -X '!*.yaml' -- "$cur") $(compgen -f -X '!*.yml' -- "$cur"); do
    [[ -f "$f" && "\${f##*/}" != capi.config.* ]] && COMPREPLY+=("$f")
  done
  compopt -o filenames 2>/dev/null
  return 0
}

${fn}() {
  local cur prev cmd opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${commands.map((c) => c.name).join('|')}) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$cmd:$prev" in
${valueCases.join('\n')}
  esac
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "${words([...commands.map((c) => c.name), ...global.flatMap((o) => o.flags)])}" -- "$cur"))
    return 0
  fi
  case "$cmd" in
${optionCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return 0
  fi
  COMPREPLY=()
  case "$cmd" in
${argCases.join('\n')}
  esac
  return 0
}
complete -F ${fn} ${name}
`;
}

/** Text safe inside a zsh single-quoted string: a `_describe` item or an `_arguments` description (`[…]`, no brackets). */
function zshText(text: string): string {
  return text.replace(/[[\]]/g, '').replace(/'/g, `'\\''`).replace(/\s+/g, ' ').trim();
}

/** A value for an `_arguments` action list or `_values`, inside a single-quoted spec: spaces and quotes escaped. */
function zshValue(value: string): string {
  return value.replace(/([\\ ():"])/g, '\\$1').replace(/'/g, `'\\''`);
}

/** The `_arguments` action of an option's value. */
function zshValueAction(o: OptionSpec): string {
  if (o.choices && o.list) return `:valeurs:_values -s , valeur ${o.choices.map(zshValue).join(' ')}`;
  if (o.choices) return `:valeur:(${o.choices.map(zshValue).join(' ')})`;
  if (o.folder) return ':dossier:_files -/';
  return ':valeur: ';
}

function zshOptionSpec(o: OptionSpec): string {
  const value = o.takesValue ? zshValueAction(o) : '';
  const desc = `[${zshText(o.description)}]${value}`;
  if (o.flags.length === 1) return `'${o.flags[0]}${desc}'`;
  return `'(${o.flags.join(' ')})'{${o.flags.join(',')}}'${desc}'`;
}

/** The `_arguments` spec of a command's arguments: sheets (YAML files and folders), a folder, or choices. */
function zshArgsSpec(args: CommandSpec['args']): string[] {
  if (!args) return [];
  if (args.kind === 'sheets') return [`'*:fiche:_files -g "*.(yaml|yml)~capi.config.*"'`];
  if (args.kind === 'folder') return [`':dossier:_files -/'`];
  return [`':valeur:(${args.choices.map(zshValue).join(' ')})'`];
}

/** The zsh completion script (`source <(capi completion zsh)`, after `compinit`). */
export function zshScript(program: Command): string {
  const { global, commands } = describeProgram(program);
  const name = program.name();
  const fn = `_${name.replace(/\W/g, '_')}`;
  const described = commands.map((c) => `    '${c.name}:${zshText(c.description)}'`).join('\n');
  const cases = commands
    .map((c) => `    ${c.name})\n      _arguments -s ${[...c.options.map(zshOptionSpec), ...zshArgsSpec(c.args)].join(' \\\n        ')}\n      ;;`)
    .join('\n');
  return `#compdef ${name}
# ${name} completion for zsh: source <(${name} completion zsh)   (after compinit)
# Generated by \`${name} completion zsh\` from ${name}'s own commands and options.
${fn}() {
  local -a commands
  commands=(
${described}
  )
  local i cmd=""
  for ((i = 2; i < CURRENT; i++)); do
    if (( \${commands[(I)\${words[i]}:*]} )); then cmd="\${words[i]}"; break; fi
  done
  if [[ -z "$cmd" ]]; then
    if [[ "$PREFIX" == -* ]]; then _arguments -s ${global.map(zshOptionSpec).join(' ')}; else _describe 'commande' commands; fi
    return
  fi
  # from the command on, as if it were the program
  words=("\${(@)words[i,-1]}")
  (( CURRENT -= i - 1 ))
  case "$cmd" in
${cases}
  esac
}
if (( $+functions[compdef] )); then compdef ${fn} ${name}; fi
`;
}
