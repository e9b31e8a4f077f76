#!/usr/bin/env node
// capi — fiches de capitalisation. Entry point: runs the compiled CLI (npm run build).
import { main } from '../build/cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
