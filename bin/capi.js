#!/usr/bin/env node
// capi — fiches de capitalisation. Entry point: runs the compiled CLI (npm run build).
import { installSignalHandlers } from '../build/util/cleanup.js';
import { t } from '../build/i18n/index.js';

// output piped into a command that stops reading (`capi validate | head`): stop quietly
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
// Ctrl+C or SIGTERM: close the browser, remove temporary files, exit 130
installSignalHandlers((text) => process.stderr.write(text), t('cli.interrupted'));
// main is loaded after the handlers: a signal during start-up exits 130 too, never half-way
const { main } = await import('../build/cli/main.js');
const code = await main(process.argv.slice(2));
process.exitCode = code;
