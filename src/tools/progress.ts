// One updating line on stderr for a run longer than about a second
// ("mod-verify: verifying modules 120/386 · 2 checks running"), and nothing at
// all when stderr is not a terminal, in CI, with GOHOOKS_DEBUG or a machine
// format: the commands decide whether to show it, checks only report.

export interface Progress {
  /** Sets (or, with undefined, removes) what one part of the run is doing. */
  set(key: string, text: string | undefined): void;
  /** Removes the line; the report follows. */
  clear(): void;
}

export const silentProgress: Progress = { set() {}, clear() {} };

/** Shown only after `delayMs`, redrawn at most every `everyMs`, on one line that is erased at the end. */
export function terminalProgress(write: (s: string) => void, columns: number, delayMs = 1000, everyMs = 100): Progress {
  const parts = new Map<string, string>();
  const started = performance.now();
  let shown = false;
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    last = performance.now();
    const line = [...parts.values()].join(' · ');
    write(`\r${line.length > columns - 1 ? `${line.slice(0, columns - 2)}…` : line}\x1b[K`);
    shown = true;
  };
  const schedule = () => {
    if (timer) return;
    const now = performance.now();
    const wait = Math.max(started + delayMs - now, last + everyMs - now, 0);
    timer = setTimeout(draw, wait);
    timer.unref();
  };
  return {
    set(key, text) {
      if (text === undefined) parts.delete(key);
      else parts.set(key, text);
      schedule();
    },
    clear() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      parts.clear();
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

/** Whether a run may show progress on this stderr. */
export function progressWanted(stderr: { isTTY?: boolean }, env: NodeJS.ProcessEnv, humanOutput: boolean): boolean {
  const debug = env.GOHOOKS_DEBUG !== undefined && env.GOHOOKS_DEBUG !== '' && env.GOHOOKS_DEBUG !== '0';
  return stderr.isTTY === true && env.CI !== 'true' && !debug && humanOutput;
}
