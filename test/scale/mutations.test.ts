import { describe, it } from 'vitest';
import { validateMutatedSheets } from '../property/mutations.js';

/**
 * The whole sample of the mutation property (test/property/mutations.test.ts keeps its first 40 cases
 * in `npm test`): 150 mutated sheets, each validated.
 */
describe('validate never crashes on a mutated sheet (whole sample)', () => {
  it('answers 0 or 1 with located messages, for any mutation and encoding, 150 cases', () => validateMutatedSheets(150), 300_000);
});
