/**
 * A progress bar for work that takes longer than a second. It draws on stderr only when stderr is a
 * terminal and the caller did not ask for JSON, and only after the work has run for `delayMs`.
 */
export interface Progress {
  tick(done: number): void;
  finish(): void;
}

export function progressBar(label: string, total: number, opts: { enabled: boolean; delayMs?: number }): Progress {
  const enabled = opts.enabled && Boolean(process.stderr.isTTY) && total > 0;
  const start = Date.now();
  const delay = opts.delayMs ?? 1000;
  let drawn = false;
  let last = 0;
  return {
    tick(done: number) {
      if (!enabled) return;
      const now = Date.now();
      if (now - start < delay || now - last < 100) return;
      last = now;
      drawn = true;
      const frac = Math.min(1, done / total);
      const width = 30;
      const fill = Math.round(frac * width);
      const eta = frac > 0 ? ((now - start) / frac - (now - start)) / 1000 : NaN;
      process.stderr.write(
        `\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total}${Number.isFinite(eta) ? ` eta ${eta.toFixed(0)} s` : ''}  `,
      );
    },
    finish() {
      if (drawn) process.stderr.write('\n');
    },
  };
}
