/**
 * The simulator's one-second heartbeat: at each whole second of the wall
 * clock it asks the {@linkcode LiveMonitor} for a tick (live alerts
 * evaluated on the sliding windows) and hands it to every live view (the
 * server's event stream, the console's status line, the live status file).
 * One timer for all of them, so the live machinery costs one small merge a
 * second whatever the request rate.
 *
 * @module
 */
import type { LiveMonitor, LiveTick } from "../view/live_tick.ts";
import type { Clock } from "./clock.ts";

/** Options for {@linkcode startTicker}. */
export interface TickerOptions {
  /** The run's live state. */
  monitor: LiveMonitor;
  /** Time source. */
  clock: Clock;
  /** Run id. */
  runId: string;
  /** Start of the run, Unix ms. */
  startMs: number;
  /** Requests in flight now. */
  inFlight(): number;
  /** Receives each tick. */
  onTick(tick: LiveTick): void;
}

/** A running ticker. */
export interface Ticker {
  /** Stops the timer and emits one last tick (the run's final figures). */
  stop(): LiveTick;
}

/** Ticks just after each whole wall-clock second, until stopped. */
export function startTicker(o: TickerOptions): Ticker {
  let cancel = () => {};
  let stopped = false;
  const emit = (running = true): LiveTick => {
    const tick = o.monitor.tick(o.clock.epoch(), {
      runId: o.runId,
      startMs: o.startMs,
      inFlight: o.inFlight(),
      running,
    });
    o.onTick(tick);
    return tick;
  };
  const schedule = () => {
    // A few ms past the boundary, so the second just ended is complete.
    const wait = 1000 - (o.clock.epoch() % 1000) + 5;
    cancel = o.clock.timer(wait, () => {
      if (stopped) return;
      emit();
      schedule();
    });
  };
  schedule();
  return {
    stop() {
      stopped = true;
      cancel();
      return emit(false);
    },
  };
}
