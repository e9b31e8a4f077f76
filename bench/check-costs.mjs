#!/usr/bin/env node
// What each of capi's checks beyond the schema costs on a workspace (for the note of the bench row
// `capi validate`): loads every sheet as validate does, then runs each check alone over all sheets and
// prints, as JSON, its CPU time in ms. Usage: node bench/check-costs.mjs WORKSPACE (after npm run build).
import { readdirSync } from 'node:fs';
import path from 'node:path';

const build = (p) => new URL(`../build/${p}`, import.meta.url).href;
const ws = path.resolve(process.argv[2] ?? '.');
const { loadSheet } = await import(build('load/sheet.js'));
const { validateSheet } = await import(build('validate/validate.js'));
const { qualityDiagnostics } = await import(build('validate/quality.js'));
const { nextStatusDiagnostics } = await import(build('validate/next-status.js'));
const { checkPlaces } = await import(build('link/place-check.js'));
const { checkPhotos } = await import(build('link/photo-check.js'));
const { checkLinks } = await import(build('link/links.js'));

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const costs = {};
let last = cpu();
const lap = (name) => {
  const now = cpu();
  costs[name] = Math.round(now - last);
  last = now;
};
const files = ['re', 'osim'].flatMap((d) => readdirSync(path.join(ws, d)).map((f) => path.join(ws, d, f)));
const sheets = [];
for (const f of files) sheets.push((await loadSheet(f, f)).sheet);
lap('read and parse');
const schema = sheets.map((s) => validateSheet(s, { sorted: false }));
lap('schema');
sheets.forEach((s) => checkPlaces(s));
lap('places');
sheets.forEach((s) => checkPhotos(s, ws));
lap('photos');
const quality = sheets.map((s) => qualityDiagnostics(s));
lap('quality');
sheets.forEach((s, i) => nextStatusDiagnostics(s, [...schema[i], ...quality[i]]));
lap('next status');
checkLinks(sheets, new Set(files));
lap('links');
console.log(JSON.stringify({ sheets: sheets.length, costs }));
