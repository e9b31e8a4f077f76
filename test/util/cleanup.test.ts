import { describe, expect, it } from 'vitest';
import { forgetInterrupt, interrupt, isInterrupted, onInterrupt } from '../../src/util/cleanup.js';

describe('interrupt (what the signal handler does, minus the exit)', () => {
  it('marks the run interrupted at once, says the message on a line of its own, runs the tasks last first, and returns', async () => {
    const said: string[] = [];
    const ran: string[] = [];
    onInterrupt(() => ran.push('first'));
    onInterrupt(async () => {
      // the mark is set before any task runs
      ran.push(`second ${isInterrupted()}`);
    });
    const release = onInterrupt(() => ran.push('released'));
    release();
    const done = interrupt((text) => said.push(text), 'Interrompu');
    expect(isInterrupted()).toBe(true);
    await done;
    expect(said).toEqual(['\nInterrompu\n']);
    expect(ran).toEqual(['second true', 'first']);
    forgetInterrupt();
    expect(isInterrupted()).toBe(false);
    // the tasks ran once: a second interrupt finds none
    await interrupt(() => undefined, '');
    forgetInterrupt();
    expect(ran).toHaveLength(2);
  });
});
