import { Argument, Command, CommanderError, Help, Option } from 'commander';
import { processIo, writeDiagnostics, type CliIo } from './io.js';
import { detectLang, t, withLang } from '../i18n/index.js';
import { UserError } from '../util/errors.js';
import { isInterrupted } from '../util/cleanup.js';
import { version } from '../util/identity.js';
import { formatNames } from './formatters/index.js';

/**
 * Runs capi with `argv` (without `node` and the script path) and returns the exit code:
 * 0 success (warnings allowed), 1 errors in the sheets, 2 capi could not run, 130 interrupted.
 * User errors print a message without a stack trace; unexpected errors print a short report.
 * Commands load their modules on demand, so `capi validate` never loads Chromium or the DOCX writer.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const langIndex = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const langOption = langIndex >= 0 ? (argv[langIndex].includes('=') ? argv[langIndex].split('=')[1] : argv[langIndex + 1]) : undefined;
  // the interface language belongs to this run: two in-process runs (tests) never share it
  return withLang(detectLang(langOption, io.env), () => run(joinNumberLists(argv, '--resoudre'), io));
}

/**
 * Options and arguments in any order for an option taking several numbers: `--resoudre 1 2 FICHE` and
 * `FICHE --resoudre 1 2` alike. Commander's variadic options take every word up to the next option, the
 * file too (« il manque l'argument fiche »); so the numbers that follow `option` (`1`, `2`, `1,2`) are
 * joined into one value (`--resoudre=1,2`) before parsing, and the option takes one value. A word that
 * is no number stays an argument.
 */
export function joinNumberLists(argv: readonly string[], option: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i)];
    if (argv[i] !== option) {
      out.push(argv[i]);
      continue;
    }
    const numbers: string[] = [];
    while (i + 1 < argv.length && /^\d+(?:,\d+)*,?$/.test(argv[i + 1].trim())) numbers.push(argv[++i].trim().replace(/,$/, ''));
    // no number after it: left to commander (missing value) or to the check of the value given
    out.push(...(numbers.length ? [`${option}=${numbers.join(',')}`] : [option]));
  }
  return out;
}

/** `main` inside the scope of its interface language. */
async function run(argv: readonly string[], io: CliIo): Promise<number> {

  let exitCode = 0;
  const program = new Command('capi')
    .description(t('cli.description'))
    .version(version(), '-V, --version', t('cli.version'))
    .helpOption('-h, --help', t('cli.help'))
    .addHelpCommand(false)
    .addOption(new Option('--lang <lang>', t('cli.lang')).choices(['fr', 'en']))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // usage errors are printed in the user's language below, from the error's code
      outputError: () => undefined,
    })
    .configureHelp(localHelp())
    .showSuggestionAfterError(true);

  program
    .command('validate')
    .description(t('cli.validate'))
    .argument('[chemins...]', t('cli.validate.paths'))
    .addOption(new Option('--format <format>', t('cli.format')).choices(formatNames('validate')).default('text'))
    .option('-q, --quiet', t('cli.quiet'))
    .option('--fix', t('cli.validate.fix'))
    .option('--dry-run', t('cli.validate.dryRun'))
    .addOption(new Option('--edition <edition>', t('cli.validate.edition')).choices(['interne', 'publique']))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (paths: string[], options: { format: 'text' | 'json' | 'github' | 'junit'; quiet?: boolean; fix?: boolean; dryRun?: boolean; edition?: 'interne' | 'publique' }) => {
      const { runValidate } = await import('./validate.js');
      exitCode = await runValidate(paths, options, io);
    });

  program
    .command('render')
    .description(t('cli.render'))
    .argument('[chemins...]', t('cli.render.paths'))
    .option('-o, --out <dossier>', t('cli.render.out'))
    .option('-f, --format <formats>', t('cli.render.format'), 'pdf,docx')
    .option('--double-regard <osim>', t('cli.render.doubleRegard'))
    .addOption(new Option('--edition <edition>', t('cli.edition')).choices(['interne', 'publique']))
    .option('--relecture', t('cli.render.relecture'))
    .option('-w, --watch', t('cli.render.watch'))
    .option('--force', t('cli.render.force'))
    .option('--shard <i/n>', t('cli.render.shard'))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (paths: string[], options: { out?: string; format: string; doubleRegard?: string; edition?: 'interne' | 'publique'; relecture?: boolean; watch?: boolean; force?: boolean; shard?: string }) => {
      const { runRender } = await import('./render.js');
      exitCode = await runRender(paths, options, io);
    });

  program
    .command('report')
    .description(t('cli.report'))
    .argument('[chemins...]', t('cli.report.paths'))
    .option('-o, --out <dossier>', t('cli.render.out'))
    .option('-f, --format <formats>', t('cli.render.format'), 'pdf,docx')
    .addOption(new Option('--edition <edition>', t('cli.edition')).choices(['interne', 'publique']))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (paths: string[], options: { out?: string; format: string; edition?: 'interne' | 'publique' }) => {
      const { runReport } = await import('./report.js');
      exitCode = await runReport(paths, options, io);
    });

  program
    .command('booklet')
    .description(t('cli.booklet'))
    .argument('[chemins...]', t('cli.booklet.paths'))
    .option('-o, --out <dossier>', t('cli.booklet.out'))
    .option('-f, --format <formats>', t('cli.booklet.format'), 'pdf,docx')
    .option('--statut <statuts>', t('cli.booklet.statut'), 'validee')
    .option('--province <province>', t('cli.booklet.province'))
    .option('--secteur <secteur>', t('cli.booklet.secteur'))
    .addOption(new Option('--edition <edition>', t('cli.edition')).choices(['interne', 'publique']))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (paths: string[], options: { out?: string; format: string; statut: string; province?: string; secteur?: string; edition?: 'interne' | 'publique' }) => {
      const { runBooklet } = await import('./booklet.js');
      exitCode = await runBooklet(paths, options, io);
    });

  program
    .command('links')
    .description(t('cli.links'))
    .argument('[chemins...]', t('cli.validate.paths'))
    .addOption(new Option('--format <format>', t('cli.links.format')).choices(formatNames('links')).default('text'))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (paths: string[], options: { format: 'text' | 'json' | 'markdown' }) => {
      const { runLinks } = await import('./links.js');
      exitCode = await runLinks(paths, options, io);
    });

  program
    .command('review')
    .description(t('cli.review'))
    .argument('<fiche>', t('cli.review.sheet'))
    .option('--statut <statut>', t('cli.review.statut'))
    .option('--commentaire <texte>', t('cli.review.commentaire'))
    .option('--champ <chemin>', t('cli.review.champ'))
    .option('--relecteur <nom>', t('cli.review.relecteur'))
    .option('--resoudre <n>', t('cli.review.resoudre'), (value: string, previous: string[] = []) => [...previous, value])
    .option('--date <AAAA-MM-JJ>', t('cli.review.date'))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (file: string, options: Record<string, string | string[] | undefined>) => {
      const { runReview } = await import('./review.js');
      exitCode = await runReview(file, options, io);
    });

  program
    .command('status')
    .description(t('cli.status'))
    .argument('[chemins...]', t('cli.validate.paths'))
    .addOption(new Option('--format <format>', t('cli.status.format')).choices(formatNames('status')).default('text'))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (paths: string[], options: { format: 'text' | 'json' | 'csv' | 'markdown' }) => {
      const { runStatus } = await import('./status.js');
      exitCode = await runStatus(paths, options, io);
    });

  program
    .command('new')
    .description(t('cli.new'))
    .addArgument(new Argument('[type]', t('cli.new.kind')).choices(['re', 'osim']).default('re'))
    .option('--id <id>', t('cli.new.id'))
    .option('--titre <titre>', t('cli.new.titre'))
    .option('--province <province>', t('cli.new.province'))
    .option('--commune <commune>', t('cli.new.commune'))
    .option('--osim <ids>', t('cli.new.osim'))
    .option('--association <nom>', t('cli.new.association'))
    .option('--sigle <sigle>', t('cli.new.sigle'))
    .option('--siege <commune>', t('cli.new.siege'))
    .option('--departement <nom>', t('cli.new.departement'))
    .option('--communes <communes>', t('cli.new.communes'))
    .option('--auteur <nom>', t('cli.new.auteur'))
    .option('--dir <dossier>', t('cli.new.dir'))
    .option('-y, --yes', t('cli.new.yes'))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (kind: 're' | 'osim', options: Record<string, string | boolean | undefined>) => {
      const { runNew } = await import('./new.js');
      exitCode = await runNew(kind, options, io);
    });

  program
    .command('schema')
    .description(t('cli.schema'))
    .addOption(new Option('--kind <type>', t('cli.schema.kind')).choices(['re', 'osim', 'config']).default('re'))
    .option('-o, --out <fichier>', t('cli.schema.out'))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (options: { kind: 're' | 'osim' | 'config'; out?: string }) => {
      const { runSchema } = await import('./schema.js');
      exitCode = await runSchema(options, io);
    });

  program
    .command('init')
    .description(t('cli.init'))
    .argument('[dossier]', t('cli.init.dir'))
    .option('--projet <nom>', t('cli.init.projet'))
    .option('--organisation <nom>', t('cli.init.organisation'))
    .option('-y, --yes', t('cli.init.yes'))
    .option('--source <source>', t('cli.init.source'))
    .option('--no-install', t('cli.init.noInstall'))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (dir: string | undefined, options: { projet?: string; organisation?: string; yes?: boolean; source?: string; install?: boolean }) => {
      const { runInit } = await import('./init.js');
      exitCode = await runInit(dir, options, io);
    });

  program
    .command('doctor')
    .description(t('cli.doctor'))
    .option('-o, --out <dossier>', t('cli.doctor.out'))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (options: { out?: string }) => {
      const { runDoctor } = await import('./doctor.js');
      exitCode = await runDoctor(options, io);
    });

  program
    .command('completion')
    .description(t('cli.completion'))
    .addArgument(new Argument('<shell>', t('cli.completion.shell')).choices(['bash', 'zsh']))
    .helpOption('-h, --help', t('cli.help'))
    .action(async (shell: 'bash' | 'zsh') => {
      const { bashScript, zshScript } = await import('./completion.js');
      io.stdout.write(shell === 'bash' ? bashScript(program) : zshScript(program));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      // (its suggestions' edit distance loaded for a usage error only)
      const { usageError } = await import('./usage-error.js');
      io.stderr.write(`${t('cli.errorPrefix')}${usageError(error, argv, program.commands.map((c) => c.name()))}\n`);
      return 2;
    }
    // interrupted (Ctrl+C, SIGTERM): what the closed browser makes fail is no error of its own; the
    // « Interrompu » line was written and the signal handler exits 130 once the cleanup is done
    if (isInterrupted()) return 130;
    if (error instanceof UserError) {
      if (error.diagnostics.length) await writeDiagnostics(error.diagnostics, io);
      io.stderr.write(`${t('cli.errorPrefix')}${error.message}\n`);
      return error.exitCode;
    }
    if (isPromptAbort(error)) {
      io.stderr.write(`\n${t('cli.aborted')}\n`);
      return 130;
    }
    io.stderr.write(`${t('cli.unexpected', { message: (error as Error)?.message ?? String(error) })}\n`);
    if (io.env.CAPI_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return 2;
  }
}

/**
 * Help in the user's language, through commander's documented `Help` overrides: the titles
 * (`styleTitle`), the usage line and the command terms (`[options] [commande]`), the choices and
 * defaults of options and arguments (« (choix : … , par défaut : …) »).
 */
function localHelp(): Partial<Help> {
  const titles: Record<string, string> = {
    'Usage:': t('help.usage'),
    'Options:': t('help.options'),
    'Commands:': t('help.commands'),
    'Arguments:': t('help.arguments'),
    'Global Options:': t('help.globalOptions'),
  };
  return {
    styleTitle: (title: string) => titles[title] ?? title,
    commandUsage(this: Help, cmd: Command) {
      const names: string[] = [];
      for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
      const words = [
        ...(this.visibleOptions(cmd).length > 0 ? [`[${t('help.optionsWord')}]`] : []),
        ...(cmd.commands.length > 0 ? [`[${t('help.commandWord')}]`] : []),
        ...cmd.registeredArguments.map(argumentUsage),
      ];
      return [...names, ...words].join(' ');
    },
    subcommandTerm(cmd: Command) {
      const words = [cmd.name(), ...(cmd.options.length > 0 ? [`[${t('help.optionsWord')}]`] : []), ...cmd.registeredArguments.map(argumentUsage)];
      return words.join(' ');
    },
    optionDescription(option: Option) {
      // a default is shown for options taking a value, as commander does (not for flags)
      const showDefault = option.defaultValue !== undefined && (option.required || option.optional);
      return withDetails(option.description, option.argChoices, showDefault ? option.defaultValueDescription ?? JSON.stringify(option.defaultValue) : undefined);
    },
    argumentDescription(argument: Argument) {
      const shown = argument.defaultValue === undefined ? undefined : argument.defaultValueDescription ?? JSON.stringify(argument.defaultValue);
      return withDetails(argument.description, argument.argChoices, shown);
    },
  } as Partial<Help>;
}

/** `<nom>`, `[nom]`, `[nom...]`: an argument in a usage line. */
function argumentUsage(argument: Argument): string {
  const name = argument.name() + (argument.variadic ? '...' : '');
  return argument.required ? `<${name}>` : `[${name}]`;
}

/** A description followed by « (choix : "a", "b", par défaut : "a") » in the user's language. */
function withDetails(description: string, choices: readonly string[] | undefined, shownDefault: string | undefined): string {
  const details = [
    ...(choices ? [`${t('help.choices')} ${choices.map((c) => JSON.stringify(c)).join(', ')}`] : []),
    ...(shownDefault !== undefined ? [`${t('help.default')} ${shownDefault}`] : []),
  ];
  if (details.length === 0) return description;
  return description ? `${description} (${details.join(', ')})` : `(${details.join(', ')})`;
}

function isPromptAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
