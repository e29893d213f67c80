import assert from "node:assert/strict";
import { HELP, parseSimulatorOptions } from "../lib/simulate/simulate_options.ts";
import { UsageError } from "../lib/cli/usage_error.ts";
import { InputError } from "../lib/model/input_error.ts";
import { DEFAULT_MIX } from "../lib/traffic/categories.ts";

Deno.test("parseSimulatorOptions() applies the spec's defaults", () => {
  const o = parseSimulatorOptions([]);
  assert.equal(o.file, "buddy_traffic_metrics.json");
  assert.equal(o.intervalMin, 50);
  assert.equal(o.intervalMax, 200);
  assert.equal(o.reportInterval, 500);
  assert.equal(o.reportSeconds, 300);
  assert.equal(o.logSize, 10_000);
  assert.equal(o.maxRequests, null);
  assert.equal(o.durationS, null);
  assert.equal(o.seed, null);
  assert.equal(o.arrival, "uniform");
  assert.equal(o.adaptive, true);
  assert.equal(o.useRealSoul, false);
  assert.equal(o.check, false);
  assert.equal(o.strict, false);
  assert.deepEqual(o.mix, DEFAULT_MIX);
  assert.deepEqual(o.faults, {
    fault_rate: 0,
    slow_rate: 0,
    slow_ms: 100,
    throw_rate: 0,
    malformed_rate: 0,
    leak_rate: 0,
    overblock_rate: 0,
  });
});

Deno.test("parseSimulatorOptions() reads every flag", () => {
  const o = parseSimulatorOptions([
    "--max-requests",
    "1000",
    "--interval-min=0.5",
    "--interval-max",
    "1.5",
    "--seed",
    "42",
    "--mix",
    "simple=40,adversarial=20",
    "--duration",
    "10m",
    "--arrival",
    "poisson",
    "--no-adaptive",
    "--concurrency",
    "8",
    "--timeout-ms",
    "250",
    "--report-interval",
    "100",
    "--report-seconds",
    "30",
    "--log-size",
    "500",
    "--fault-rate",
    "0.1",
    "--slow-rate",
    "0.05",
    "--slow-ms",
    "20",
    "--throw-rate",
    "0.01",
    "--malformed-rate",
    "0.02",
    "--leak-rate",
    "0.1",
    "--overblock-rate",
    "0.05",
    "--file",
    "out.json",
    "--fresh",
    "--quiet",
    "--corpus",
    "c.jsonl",
  ]);
  assert.equal(o.maxRequests, 1000);
  assert.equal(o.intervalMin, 0.5);
  assert.equal(o.intervalMax, 1.5);
  assert.equal(o.seed, 42);
  assert.equal(o.mix.simple, 40);
  assert.equal(o.mix.adversarial, 20);
  assert.equal(o.mix.multi_step, 15);
  assert.equal(o.durationS, 600);
  assert.equal(o.arrival, "poisson");
  assert.equal(o.adaptive, false);
  assert.equal(o.concurrency, 8);
  assert.equal(o.timeoutMs, 250);
  assert.equal(o.reportInterval, 100);
  assert.equal(o.reportSeconds, 30);
  assert.equal(o.logSize, 500);
  assert.deepEqual(o.faults, {
    fault_rate: 0.1,
    slow_rate: 0.05,
    slow_ms: 20,
    throw_rate: 0.01,
    malformed_rate: 0.02,
    leak_rate: 0.1,
    overblock_rate: 0.05,
  });
  assert.equal(o.file, "out.json");
  assert.equal(o.fresh, true);
  assert.equal(o.quiet, true);
  assert.equal(o.corpus, "c.jsonl");
});

Deno.test("parseSimulatorOptions() reads --check and --strict", () => {
  const o = parseSimulatorOptions(["--check", "--strict"]);
  assert.equal(o.check, true);
  assert.equal(o.strict, true);
});

Deno.test("parseSimulatorOptions() rejects bad values with one line naming the flag", () => {
  const cases: [string[], RegExp][] = [
    [["--bogus"], /^Unknown flag '--bogus'$/],
    [
      ["--max-requests", "-5"],
      /^Cannot use --max-requests as it must be an integer >= 1: current value is '-5'$/,
    ],
    [["--max-requests", "ten"], /current value is 'ten'/],
    [["--max-requests", "1.5"], /must be an integer/],
    [
      ["--interval-min", "-1"],
      /^Cannot use --interval-min as it must be a number from 0 to 3600000/,
    ],
    [
      ["--interval-min", "300"],
      /^Cannot use --interval-min 300 as it is greater than --interval-max 200$/,
    ],
    [["--seed", "abc"], /^Cannot use --seed/],
    [["--mix", "bogus=3"], /^Cannot use --mix: .*unknown category 'bogus'/],
    [["--mix", "simple=x"], /^Cannot use --mix: .*current value is 'x'/],
    [["--duration", "10x"], /^Cannot use --duration: Cannot parse duration '10x'/],
    [["--arrival", "burst"], /'uniform' or 'poisson': current value is 'burst'/],
    [["--fault-rate", "1.5"], /^Cannot use --fault-rate as it must be a number from 0 to 1/],
    [["--concurrency", "0"], /^Cannot use --concurrency/],
    [["--file", ""], /^Cannot use --file as it is empty$/],
    [["--max-requests"], /^Flag '--max-requests' needs a value$/],
    [["extra"], /^Unexpected argument 'extra'$/],
    [["--strict"], /^Cannot use --strict without --check: it only changes what --check fails on$/],
    [
      ["--cron", "0 * * * *", "--max-requests", "10", "--check"],
      /^Cannot use --check with --cron: a schedule never ends/,
    ],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseSimulatorOptions(args), (error: unknown) => {
      assert.ok(error instanceof UsageError, `${args.join(" ")}: ${error}`);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, message, args.join(" "));
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  }
});

Deno.test("parseSimulatorOptions() takes the token from the environment", () => {
  const env = { get: (k: string) => (k === "BUDDY_TRAFFIC_TOKEN" ? "s3cret" : undefined) };
  assert.equal(parseSimulatorOptions([], env).token, "s3cret");
  assert.equal(parseSimulatorOptions(["--token", "cli"], env).token, "cli");
});

Deno.test("the help text lists every flag with its default", () => {
  for (
    const flag of [
      "--max-requests",
      "--use-real-soul",
      "--interval-min MS      Min request interval at Level 1 (default: 50)",
      "--interval-max MS      Max request interval at Level 1 (default: 200)",
      "--report-interval N    Report every N requests (default: 500)",
      "--seed",
      "--mix",
      "--corpus",
      "--duration",
      "--no-adaptive",
      "--arrival",
      "--concurrency",
      "--timeout-ms",
      "--log-size",
      "--fault-rate",
      "--serve",
    ]
  ) {
    assert.ok(HELP.includes(flag), flag);
  }
});

Deno.test("parseSimulatorOptions() checks --serve's address and token rule and --soul-url", () => {
  const cases: [string[], string][] = [
    [
      ["--serve", "99999"],
      "Cannot use --serve as the port must be an integer from 0 to 65535: current value is '99999'",
    ],
    [
      ["--serve", "0.0.0.0:8080"],
      "Cannot serve on '0.0.0.0' without a token: use --token or bind to 127.0.0.1",
    ],
    [
      ["--soul-url", "soul:8787"],
      "Cannot use --soul-url as it must be an http or https URL: current value is 'soul:8787'",
    ],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => parseSimulatorOptions(args),
      (error) => error instanceof InputError && error.message === message,
      args.join(" "),
    );
  }
  assert.equal(
    parseSimulatorOptions(["--serve", "0.0.0.0:8080", "--token", "t"]).serve,
    "0.0.0.0:8080",
  );
  assert.equal(parseSimulatorOptions(["--serve", "8080"]).serve, "8080");
});

Deno.test("parseSimulatorOptions() reads --target, --probe and --max-rps", () => {
  const none = parseSimulatorOptions([]);
  assert.equal(none.targetFile, null);
  assert.equal(none.probe, false);
  assert.equal(none.maxRps, null);
  const o = parseSimulatorOptions(["--target", "t.yaml", "--probe", "--max-rps", "2.5"]);
  assert.equal(o.targetFile, "t.yaml");
  assert.equal(o.probe, true);
  assert.equal(o.maxRps, 2.5);
  for (
    const [args, message] of [
      [["--probe"], "Cannot use --probe without --target: the probe checks a target file"],
      [
        ["--target", "t.json", "--soul-url", "http://127.0.0.1:9"],
        "Cannot use --soul-url with --target: put the endpoint in the target file's 'url'",
      ],
      [
        ["--max-rps", "0"],
        "Cannot use --max-rps as it must be a number from 0.001 to 1000000: current value is '0'",
      ],
    ] as const
  ) {
    assert.throws(
      () => parseSimulatorOptions([...args]),
      (error: Error) => error instanceof UsageError && error.message === message,
    );
  }
});

Deno.test("parseSimulatorOptions() refuses integers above 2^53 and numbers not in decimal notation", () => {
  const env = new Map<string, string>();
  for (
    const [args, message] of [
      [
        ["--max-requests", "99999999999999999999999"],
        "Cannot use --max-requests as it must be an integer from 1 to 9007199254740991: current value is '99999999999999999999999'",
      ],
      [
        ["--max-requests", "9007199254740992"],
        "Cannot use --max-requests as it must be an integer from 1 to 9007199254740991: current value is '9007199254740992'",
      ],
      [
        ["--max-requests", "0x10"],
        "Cannot use --max-requests as it must be an integer >= 1: current value is '0x10'",
      ],
      [
        ["--max-requests", "0b11"],
        "Cannot use --max-requests as it must be an integer >= 1: current value is '0b11'",
      ],
      [
        ["--max-requests", "1_000"],
        "Cannot use --max-requests as it must be an integer >= 1: current value is '1_000'",
      ],
      [
        ["--fault-rate", "Infinity"],
        "Cannot use --fault-rate as it must be a number from 0 to 1: current value is 'Infinity'",
      ],
    ] as const
  ) {
    assert.throws(
      () => parseSimulatorOptions([...args], env),
      (e: unknown) => e instanceof UsageError && e.message === message,
      args.join(" "),
    );
  }
  assert.equal(
    parseSimulatorOptions(["--max-requests", "9007199254740991"], env).maxRequests,
    2 ** 53 - 1,
  );
  assert.equal(parseSimulatorOptions(["--max-requests", "1e3"], env).maxRequests, 1000);
});

Deno.test("parseSimulatorOptions() refuses fault rates that replace answers adding up to more than 1", () => {
  const env = new Map<string, string>();
  assert.throws(
    () => parseSimulatorOptions(["--fault-rate", "0.6", "--throw-rate", "0.6"], env),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message ===
        "Cannot use --fault-rate, --throw-rate and --malformed-rate as their sum must be <= 1: current value is 1.2",
  );
  const ok = parseSimulatorOptions([
    "--fault-rate",
    "0.5",
    "--throw-rate",
    "0.5",
    "--slow-rate",
    "1",
  ], env);
  assert.equal(ok.faults.slow_rate, 1);
});

Deno.test("parseSimulatorOptions() takes --token-file instead of --token, never both", () => {
  const env = new Map<string, string>();
  const opts = parseSimulatorOptions(["--token-file", "t.txt", "--serve", "0.0.0.0:0"], env);
  assert.equal(opts.tokenFile, "t.txt");
  assert.equal(opts.token, null);
  assert.throws(
    () => parseSimulatorOptions(["--token", "a", "--token-file", "t.txt"], env),
    (e: unknown) =>
      e instanceof UsageError && e.message === "Cannot use --token with --token-file: pick one",
  );
  assert.match(HELP, /--token-file PATH/);
  assert.match(HELP, /visible in ps/);
});
