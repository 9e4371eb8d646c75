// The sandbox clock: real time plus an offset that the control API can advance.
// Token expiry, link expiry, webhook retries and session timers all read this clock,
// so tests can jump hours ahead without waiting.

const MAX_TIMER_MS = 2_147_483_647;

interface Task {
  at: number;
  seq: number;
  run: () => void;
}

export interface Clock {
  /** Sandbox time in epoch milliseconds. */
  now(): number;
  /** Current offset from real time in milliseconds. */
  offset(): number;
  /** Move the clock forward; runs every task that became due. */
  advance(ms: number): void;
  /** Set the offset directly (used when state is restored or reset). */
  setOffset(ms: number): void;
  /** Run `run` once the sandbox clock reaches `at` (epoch ms). Returns a cancel function. */
  schedule(at: number, run: () => void): () => void;
  /** Stop the real timer (on shutdown). Pending tasks stay registered but do not fire. */
  stop(): void;
  onChange(listener: (offset: number) => void): void;
}

export function createClock(initialOffsetMs = 0): Clock {
  let offsetMs = initialOffsetMs;
  let tasks: Task[] = [];
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const listeners: Array<(offset: number) => void> = [];

  const now = () => Date.now() + offsetMs;

  function runDue(): void {
    const t = now();
    const due = tasks.filter((task) => task.at <= t).sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (due.length > 0) {
      tasks = tasks.filter((task) => task.at > t);
      for (const task of due) {
        try {
          task.run();
        } catch (error) {
          console.error('sandbox clock task failed', error);
        }
      }
    }
    arm();
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (stopped || tasks.length === 0) return;
    const next = Math.min(...tasks.map((task) => task.at));
    const delay = Math.max(0, Math.min(MAX_TIMER_MS, next - now()));
    timer = setTimeout(runDue, delay);
    timer.unref();
  }

  return {
    now,
    offset: () => offsetMs,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('advance needs a non-negative duration');
      offsetMs += ms;
      for (const listener of listeners) listener(offsetMs);
      runDue();
    },
    setOffset(ms: number) {
      offsetMs = ms;
      for (const listener of listeners) listener(offsetMs);
      runDue();
    },
    schedule(at: number, run: () => void) {
      const task: Task = { at, seq: seq++, run };
      tasks.push(task);
      arm();
      return () => {
        tasks = tasks.filter((t) => t !== task);
        arm();
      };
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parse "90m", "2h", "3d", "1500ms", "1h30m" or a plain number of milliseconds. */
export function parseDuration(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (const match of text.matchAll(re)) {
    total += Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1);
    matched += match[0].length;
  }
  return matched === text.length && matched > 0 ? total : undefined;
}
