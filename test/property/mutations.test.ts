import { describe, it } from 'vitest';
import { validateMutatedSheets } from './mutations.js';

/**
 * Whatever a researcher does to a sheet — delete, duplicate or re-indent lines, retype values, save it
 * in another encoding — `capi validate` answers with exit 0 or 1 and located messages, never a crash.
 * A quick sample here (the first 40 cases, ~0.09 s of CPU each); the whole sample of 150 in the scale
 * tier (../scale/mutations.test.ts).
 */
describe('validate never crashes on a mutated sheet', () => {
  it('answers 0 or 1 with located messages, for any mutation and encoding', () => validateMutatedSheets(40), 120_000);
});
