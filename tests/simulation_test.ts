import assert from "node:assert/strict";
import { Simulation, type SimulationOptions } from "../lib/simulate/simulation.ts";
import { type Decision, type Target, TargetError } from "../lib/model/decision.ts";
import { createRandom } from "../lib/traffic/random.ts";
import type { TrafficRequest } from "../lib/model/request.ts";
import { DEFAULT_MIX } from "../lib/traffic/categories.ts";
import type { ErrorSample, Report, RunConfig, RunEvent } from "../lib/model/metrics_document.ts";
import { FakeClock } from "./_fake_clock.ts";

const approve: Decision = { confidence: 0.9, pre_validation: "passed", approval_path: "approved" };

function config(over: Partial<RunConfig> = {}): RunConfig {
  return {
    target: "test",
    interval_min: 10,
    interval_max: 10,
    arrival: "uniform",
    adaptive: false,
    concurrency: 64,
    timeout_ms: 1000,
    report_interval: 50,
    report_seconds: 300,
    max_requests: 120,
    duration_s: null,
    log_size: 100,
    mix: { ...DEFAULT_MIX },
    corpus: null,
    faults: { fault_rate: 0, slow_rate: 0, slow_ms: 0, throw_rate: 0, malformed_rate: 0 },
    ...over,
  };
}

function generator(): { next(): TrafficRequest } {
  let seq = 0;
  return {
    next: () => {
      seq++;
      return {
        id: `r-${seq}`,
        seq,
        category: seq % 10 === 0 ? "adversarial" : "simple",
        family: "f",
        input: `input ${seq}`,
        expected: seq % 10 === 0 ? "block" : "approve",
      };
    },
  };
}

/** A target answering after `serviceMs` of fake time. */
function delayed(
  clock: FakeClock,
  serviceMs: number,
  answer: () => unknown = () => approve,
): Target {
  return {
    name: "delayed",
    evaluate: () =>
      new Promise<Decision>((resolve) =>
        clock.timer(serviceMs, () => resolve(answer() as Decision))
      ),
  };
}

interface Captured {
  reports: Report[];
  samples: ErrorSample[];
  events: RunEvent[];
}

function setup(
  clock: FakeClock,
  target: Target,
  over: Partial<RunConfig> = {},
  extra: Partial<SimulationOptions> = {},
) {
  const captured: Captured = { reports: [], samples: [], events: [] };
  const options: SimulationOptions = {
    config: config(over),
    runId: "run1",
    seed: 42,
    generator: generator(),
    random: createRandom(1),
    target,
    clock,
    minReportGapMs: 0,
    onReport: (report, samples, events) => {
      captured.reports.push(report);
      captured.samples.push(...samples);
      captured.events.push(...events);
    },
    ...extra,
  };
  return { simulation: new Simulation(options), captured };
}

Deno.test("Simulation sends max_requests and reports every report_interval plus a final report", async () => {
  const clock = new FakeClock();
  const { simulation, captured } = setup(clock, delayed(clock, 1));
  await clock.drive(simulation.run());
  assert.deepEqual(captured.reports.map((r) => [r.id, r.kind, r.total_requests]), [
    [1, "report", 50],
    [2, "report", 50],
    [3, "final", 20],
  ]);
  assert.equal(simulation.state.completed, 120);
  assert.equal(captured.reports[0]?.seq_first, 1);
  assert.equal(captured.reports[0]?.seq_last, 50);
  // 10 ms gaps: 50 requests span 490 ms of schedule plus 1 ms service.
  assert.equal(captured.reports[0]?.latency.average, 1);
  assert.equal(captured.reports[0]?.adversarial_block_rate, 0);
  assert.equal(captured.events.at(-1)?.type, "run_stopped");
});

Deno.test("Simulation keeps the schedule open-loop and counts requests held back by the cap", async () => {
  const clock = new FakeClock();
  // One slot, 25 ms service, a request due every 10 ms: the target cannot keep up.
  const { simulation, captured } = setup(clock, delayed(clock, 25), {
    concurrency: 1,
    max_requests: 20,
    report_interval: 1000,
  });
  await clock.drive(simulation.run());
  const final = captured.reports.at(-1)!;
  assert.equal(final.total_requests, 20);
  assert.equal(final.late_requests, 19);
  // Service time stays 25 ms while latency from the intended send time grows with the queue.
  assert.equal(final.execution_time.max, 25);
  assert.ok(final.latency.max > 25 * 10, `latency max ${final.latency.max}`);
  assert.ok(final.schedule_lag.max > 200, `lag max ${final.schedule_lag.max}`);
});

Deno.test("--max-rps caps the send rate and counts the requests it holds back as late", async () => {
  const clock = new FakeClock();
  // A request due every 10 ms (100/s) under a cap of 25/s: each waits for its turn.
  const { simulation, captured } = setup(clock, delayed(clock, 1), {
    max_requests: 40,
    report_interval: 1000,
  }, { maxRps: 25 });
  const start = clock.now();
  await clock.drive(simulation.run());
  const final = captured.reports.at(-1)!;
  assert.equal(final.total_requests, 40);
  // 40 sends 40 ms apart take 39 gaps; uncapped they would take 390 ms.
  assert.ok(clock.now() - start >= 39 * 40, `elapsed ${clock.now() - start}`);
  assert.equal(final.late_requests, 39);
  assert.ok(final.schedule_lag.max >= 39 * 30 - 10, `lag max ${final.schedule_lag.max}`);
});

Deno.test("--max-rps above the offered rate holds nothing back", async () => {
  const clock = new FakeClock();
  const { simulation, captured } = setup(clock, delayed(clock, 1), {
    max_requests: 40,
    report_interval: 1000,
  }, { maxRps: 1000 });
  await clock.drive(simulation.run());
  assert.equal(captured.reports.at(-1)!.late_requests, 0);
});

Deno.test("an unthrottled run (interval 0-0) measures each request from its own send, not from the run's start", async () => {
  const clock = new FakeClock();
  // Two slots, 25 ms service, no schedule: 40 requests take 500 ms back to back.
  const { simulation, captured } = setup(clock, delayed(clock, 25), {
    interval_min: 0,
    interval_max: 0,
    concurrency: 2,
    max_requests: 40,
    report_interval: 1000,
  });
  const start = clock.now();
  await clock.drive(simulation.run());
  const final = captured.reports.at(-1)!;
  assert.equal(final.total_requests, 40);
  assert.ok(clock.now() - start >= 19 * 25, `elapsed ${clock.now() - start}`);
  assert.equal(final.latency.max, 25);
  assert.equal(final.latency.average, 25);
  assert.equal(final.schedule_lag.max, 0);
  assert.equal(final.late_requests, 0);
});

Deno.test("Simulation isolates failures: typed errors, exceptions and malformed answers", async () => {
  const clock = new FakeClock();
  let n = 0;
  const target: Target = {
    name: "flaky",
    evaluate: () => {
      n++;
      if (n % 4 === 1) throw new TargetError("fault_injected", "injected fault");
      if (n % 4 === 2) throw new RangeError("engine bug");
      if (n % 4 === 3) {
        return { confidence: 7, pre_validation: "passed", approval_path: "approved" };
      }
      return approve;
    },
  };
  const { simulation, captured } = setup(clock, target, {
    max_requests: 40,
    report_interval: 1000,
  });
  await clock.drive(simulation.run());
  const final = captured.reports.at(-1)!;
  assert.equal(final.total_requests, 40);
  assert.equal(final.successful_requests, 10);
  assert.equal(final.unhandled_exceptions, 10);
  assert.deepEqual(final.stats.errors, { fault_injected: 10, unhandled: 10, invalid_decision: 10 });
  assert.equal(captured.samples.length, 20);
  assert.equal(captured.samples[1]?.message, "RangeError: engine bug");
  assert.match(
    captured.samples[2]?.message ?? "",
    /'confidence' must be a number in 0\.\.1: got 7/,
  );
  assert.equal(captured.samples[0]?.seed, 42);
  assert.equal(captured.samples[0]?.input_preview, "input 1");
});

Deno.test("Simulation times out a target that never answers", async () => {
  const clock = new FakeClock();
  const target: Target = { name: "hang", evaluate: () => new Promise<Decision>(() => {}) };
  const { simulation, captured } = setup(clock, target, { max_requests: 3, timeout_ms: 250 });
  await clock.drive(simulation.run());
  const final = captured.reports.at(-1)!;
  assert.deepEqual(final.stats.errors, { timeout: 3 });
  assert.equal(final.execution_time.max, 250);
  assert.equal(captured.samples[0]?.message, "No answer within 250 ms");
});

Deno.test("Simulation stops after duration_s", async () => {
  const clock = new FakeClock();
  const { simulation, captured } = setup(clock, delayed(clock, 1), {
    max_requests: null,
    duration_s: 1,
    report_interval: 10_000,
  });
  await clock.drive(simulation.run());
  const total = captured.reports.reduce((n, r) => n + r.total_requests, 0);
  assert.equal(total, 100);
});

Deno.test("Simulation reports on time when requests are sparse", async () => {
  const clock = new FakeClock();
  const { simulation, captured } = setup(clock, delayed(clock, 1), {
    max_requests: 30,
    interval_min: 1000,
    interval_max: 1000,
    report_seconds: 10,
  });
  await clock.drive(simulation.run());
  assert.deepEqual(captured.reports.map((r) => r.total_requests), [10, 10, 10]);
  assert.equal(captured.reports[0]?.duration_s, 10);
});

Deno.test("Simulation steps the load level up when stable and records the event", async () => {
  const clock = new FakeClock();
  const { simulation, captured } = setup(clock, delayed(clock, 0.1), {
    adaptive: true,
    interval_min: 50,
    interval_max: 200,
    max_requests: 200,
  });
  await clock.drive(simulation.run());
  assert.deepEqual(captured.reports.map((r) => r.load_level), [1, 2, 3, 3]);
  assert.deepEqual(captured.reports[2]?.interval_ms, { min: 20, max: 100 });
  const levels = captured.events.filter((e) => e.type === "load_level");
  assert.equal(levels.length, 2);
  assert.match(levels[0]?.message ?? "", /^Load level 1 -> 2 \(35-135 ms\): stable/);
});

Deno.test("Simulation.stop() ends the run with a final report", async () => {
  const clock = new FakeClock();
  const { simulation, captured } = setup(clock, delayed(clock, 1), {
    max_requests: null,
    report_interval: 10_000,
  });
  clock.timer(95, () => simulation.stop());
  await clock.drive(simulation.run());
  assert.equal(captured.reports.length, 1);
  assert.equal(captured.reports[0]?.kind, "final");
  assert.equal(captured.reports[0]?.total_requests, 10);
});

Deno.test("Simulation.switchTarget() records the switch and marks the window mixed", async () => {
  const clock = new FakeClock();
  const { simulation, captured } = setup(clock, delayed(clock, 1), {
    max_requests: 100,
    report_interval: 50,
  });
  clock.timer(
    250,
    () => simulation.switchTarget({ name: "other", evaluate: () => approve }, "test"),
  );
  await clock.drive(simulation.run());
  assert.deepEqual(captured.reports.map((r) => r.target), ["mixed", "other"]);
  const event = captured.events.find((e) => e.type === "target_switch");
  assert.equal(event?.message, "Target switched from delayed to other: test");
});

Deno.test("Simulation leaves timeouts to a target that enforces its own", async () => {
  const clock = new FakeClock();
  const target: Target = { ...delayed(clock, 400), enforcesTimeout: true };
  const { simulation, captured } = setup(clock, target, { max_requests: 2, timeout_ms: 250 });
  await clock.drive(simulation.run(1000));
  const final = captured.reports.at(-1)!;
  assert.equal(final.successful_requests, 2);
  assert.equal(final.execution_time.max, 400);
});

Deno.test("Simulation spaces count-triggered reports at least minReportGapMs apart", async () => {
  const clock = new FakeClock();
  const captured: Report[] = [];
  const simulation = new Simulation({
    config: config({ interval_min: 1, interval_max: 1, max_requests: 600, report_interval: 20 }),
    runId: "run1",
    seed: 1,
    generator: generator(),
    random: createRandom(1),
    target: delayed(clock, 0.1),
    clock,
    minReportGapMs: 200,
    onReport: (report) => captured.push(report),
  });
  await clock.drive(simulation.run());
  // 600 requests at 1 ms: 0.6 s, so three reports of about 200 requests, not 30 of 20.
  assert.equal(captured.length, 3);
  assert.equal(captured.reduce((n, r) => n + r.total_requests, 0), 600);
  for (const r of captured) assert.ok(Math.abs(r.total_requests - 200) <= 2, `${r.total_requests}`);
});
