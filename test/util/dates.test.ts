import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { localDate } from '../../src/util/dates.js';
import { ROOT, runCli } from '../helpers.js';

/**
 * Dates recorded by capi are the day of the person who records them, not the UTC day: at 00:30 in
 * Morocco or France it is already tomorrow there, while UTC still says today.
 */
const JUST_AFTER_MIDNIGHT = new Date('2026-06-14T23:30:00Z'); // 00:30 in Casablanca (UTC+1), 01:30 in Paris (UTC+2)
const savedTz = process.env.TZ;

afterEach(() => {
  vi.useRealTimers();
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('localDate', () => {
  it.each([
    ['Africa/Casablanca', '2026-06-15'],
    ['Europe/Paris', '2026-06-15'],
    ['UTC', '2026-06-14'],
    ['America/Montreal', '2026-06-14'],
  ])('in %s, 23:30 UTC on 14 June is %s', (tz, expected) => {
    process.env.TZ = tz;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JUST_AFTER_MIDNIGHT);
    expect(localDate()).toBe(expected);
    expect(localDate(new Date('2026-01-05T12:00:00Z'))).toBe('2026-01-05');
  });
});

describe('capi review records the local date', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'capi-date-'));
    cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (s) => !s.includes(`${path.sep}dist`) });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it.each(['Africa/Casablanca', 'Europe/Paris'])('a review at 00:30 in %s is dated that day, not yesterday', async (tz) => {
    process.env.TZ = tz;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JUST_AFTER_MIDNIGHT);
    const r = await runCli(['review', 're/RE-TIZ-01.yaml', '--statut', 'a-reviser', '--commentaire', 'Ajoutez le nombre de branchements.', '--champ', 'contributions', '--relecteur', 'Leïla Haddad'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    const data = parse(readFileSync(path.join(ws, 're', 'RE-TIZ-01.yaml'), 'utf8'));
    expect(data.revue.date).toBe('2026-06-15');
  });
});
