/**
 * Progress of long commands (`capi render`): a bar on stderr when a person watches a terminal, a
 * plain line per finished item otherwise (CI, pipes, logs), so logs never hold escape codes.
 */
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';
import { t } from '../i18n/index.js';

/** Reports the progress of `total` items. */
export interface Progress {
  /** True when a bar is drawn (other output waits for `stop()`). */
  readonly bar: boolean;
  /** An item starts (shown on the bar as the current item). */
  start(id: string): void;
  /**
   * An item is done: `line` is its result line (`✓ RE-TIZ-01 → dist/RE-TIZ-01.pdf`), printed on
   * stdout at once without a bar, or kept until `stop()` with a bar (so it never tears the bar).
   */
  done(id: string, line?: string): void;
  /** Ends the bar (if any) and prints the kept result lines. */
  stop(): void;
}

/** True when `io.stderr` is a terminal where a bar can be drawn (never in CI or for a test's buffers). */
export function canDrawBar(io: CliIo): boolean {
  const stream = io.stderr as Partial<NodeJS.WriteStream>;
  const ci = io.env.CI === 'true' || io.env.CI === '1';
  return io.interactive && !ci && stream.isTTY === true && io.env.TERM !== 'dumb';
}

/**
 * A progress reporter for `total` items: a `cli-progress` bar on stderr (`canDrawBar`), else plain
 * result lines on stdout, one per item as soon as it is done. `total` 0 or 1 never draws a bar.
 */
export function createProgress(io: CliIo, total: number, options: { bar?: boolean } = {}): Progress {
  const useBar = (options.bar ?? canDrawBar(io)) && total > 1;
  if (!useBar) {
    return {
      bar: false,
      start: () => undefined,
      done: (_id, line) => {
        if (line) io.stdout.write(`${line}\n`);
      },
      stop: () => undefined,
    };
  }
  const kept: string[] = [];
  let count = 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as NodeJS.WriteStream,
      format: `{bar} {value}/{total} · {current}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      fps: 10,
      // redraw on resize and keep the line inside the terminal
      linewrap: false,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { current: t('progress.starting') });
  return {
    bar: true,
    start: (id) => bar.update({ current: id }),
    done: (id, line) => {
      count += 1;
      if (line) kept.push(line);
      bar.update(count, { current: id });
    },
    stop: () => {
      bar.stop();
      for (const line of kept) io.stdout.write(`${line}\n`);
    },
  };
}
