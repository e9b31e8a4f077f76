#!/usr/bin/env node
// capi — fiches de capitalisation. Entry point: runs the compiled CLI (npm run build).
import { main } from '../build/cli/main.js';
import { installSignalHandlers } from '../build/util/cleanup.js';
import { t } from '../build/i18n/index.js';

// output piped into a command that stops reading (`capi validate | head`): stop quietly
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
// Ctrl+C or SIGTERM: close the browser, remove temporary files, exit 130
installSignalHandlers((text) => process.stderr.write(text), t('cli.interrupted'));
const code = await main(process.argv.slice(2));
process.exitCode = code;
