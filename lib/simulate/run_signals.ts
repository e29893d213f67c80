/**
 * The signals a simulator run answers: the first Ctrl+C or SIGTERM stops it
 * with a final report, a second Ctrl+C exits at once, and SIGHUP re-reads
 * the target settings. Each installer returns the function that removes it.
 *
 * @module
 */

/** Exit code of a second Ctrl+C, which leaves without the final report. */
export const EXIT_INTERRUPTED = 130;

/**
 * First Ctrl+C or SIGTERM calls `onStop`; a second Ctrl+C exits at once.
 * Returns a function that removes the handlers.
 */
export function installStopSignals(onStop: () => void): () => void {
  let stopping = false;
  const handler = () => {
    if (stopping) Deno.exit(EXIT_INTERRUPTED);
    stopping = true;
    onStop();
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, handler);
  return () => {
    for (const s of signals) Deno.removeSignalListener(s, handler);
  };
}

/** SIGHUP calls `onHangup` (not on Windows); returns a function that removes the handler. */
export function installHangupSignal(onHangup: () => void): () => void {
  if (Deno.build.os === "windows") return () => {};
  Deno.addSignalListener("SIGHUP", onHangup);
  return () => Deno.removeSignalListener("SIGHUP", onHangup);
}
