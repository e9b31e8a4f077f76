#!/usr/bin/env node
// capi — fiches de capitalisation. Entry point: runs the compiled CLI (npm run build).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // `capi --version` (or -V) alone: the version from package.json, as commander prints it, without
  // loading commander, the message catalogues and the CLI (they were most of that command's time)
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  await run();
}

async function run() {
  const { installSignalHandlers } = await import('../build/util/cleanup.js');
  const { t } = await import('../build/i18n/index.js');
  // output piped into a command that stops reading (`capi validate | head`): stop quietly
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  // Ctrl+C or SIGTERM: close the browser, remove temporary files, exit 130
  installSignalHandlers((text) => process.stderr.write(text), t('cli.interrupted'));
  // main is loaded after the handlers: a signal during start-up exits 130 too, never half-way
  const { main } = await import('../build/cli/main.js');
  process.exitCode = await main(args);
}
