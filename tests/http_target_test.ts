import assert from "node:assert/strict";
import { TargetError, type TargetErrorType } from "../lib/model/decision.ts";
import {
  createHttpTarget,
  DEFAULT_SOUL_URL,
  soulSettingsFromEnv,
} from "../lib/soul/http_target.ts";
import { evaluateInput } from "../lib/soul/reference_engine.ts";
import { InputError } from "../lib/model/input_error.ts";
import { SAMPLE_INPUTS, serveSoul } from "./_soul_builders.ts";
import { freePort } from "./_tasks.ts";

function env(values: Record<string, string>): { get(key: string): string | undefined } {
  return { get: (key) => values[key] };
}

async function expectTargetError(
  promise: unknown,
  type: TargetErrorType,
  message?: RegExp | string,
): Promise<TargetError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof TargetError, `expected a TargetError, got ${caught}`);
  assert.equal(caught.type, type, caught.message);
  if (typeof message === "string") assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  assert.equal(caught.message.includes("\n"), false);
  return caught;
}

/** A free loopback port with nothing listening on it. */
const closedPort = freePort;

Deno.test("createHttpTarget() answers exactly what the reference engine decides", async () => {
  const server = serveSoul();
  const target = createHttpTarget({ url: server.url });
  try {
    assert.equal(target.name, "http");
    for (const [i, input] of SAMPLE_INPUTS.entries()) {
      const decision = await target.evaluate({ id: `r-${i}`, input });
      assert.deepEqual(decision, JSON.parse(JSON.stringify(evaluateInput(input))));
    }
    const concurrent = await Promise.all(
      SAMPLE_INPUTS.map((input, i) => target.evaluate({ id: `c-${i}`, input })),
    );
    assert.deepEqual(
      concurrent,
      SAMPLE_INPUTS.map((input) => JSON.parse(JSON.stringify(evaluateInput(input)))),
    );
  } finally {
    await target.close?.();
    await server.stop();
  }
});

Deno.test("createHttpTarget() sends only the id and the input", async () => {
  const seen: unknown[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    seen.push({ path: new URL(req.url).pathname, method: req.method, body: await req.json() });
    return Response.json({ confidence: 0.5, pre_validation: "passed", approval_path: "approved" });
  });
  const target = createHttpTarget({ url: `http://127.0.0.1:${server.addr.port}/soul/` });
  try {
    const request = { id: "r-9", input: "hi", category: "simple", expected: "approve" };
    await target.evaluate(request);
    assert.deepEqual(seen, [{
      path: "/soul/v1/evaluate",
      method: "POST",
      body: { id: "r-9", input: "hi" },
    }]);
  } finally {
    await target.close?.();
    await server.shutdown();
  }
});

Deno.test("createHttpTarget() reports HTTP 503 as http_status", async () => {
  const server = serveSoul({ faults: { errorRate: 1 } });
  const target = createHttpTarget({ url: server.url });
  try {
    await expectTargetError(
      target.evaluate({ id: "r-1", input: "hi" }),
      "http_status",
      "HTTP 503 Service Unavailable",
    );
  } finally {
    await target.close?.();
    await server.stop();
  }
});

Deno.test("createHttpTarget() reports malformed answers as invalid_json or invalid_decision", async () => {
  const server = serveSoul({ faults: { malformedRate: 1 } });
  const target = createHttpTarget({ url: server.url });
  try {
    const types = new Set<string>();
    for (let i = 0; i < 16; i++) {
      try {
        await target.evaluate({ id: `r-${i}`, input: "hi" });
        assert.fail("a malformed answer was accepted");
      } catch (error) {
        assert.ok(error instanceof TargetError);
        if (error.type === "invalid_json") {
          assert.match(error.message, /^Answer is not JSON: "\{\\"confidence\\": 0\.9/);
        } else {
          assert.equal(error.type, "invalid_decision");
          assert.equal(error.message, "'confidence' must be a number in 0..1: got 1.7");
        }
        types.add(error.type);
      }
    }
    assert.deepEqual([...types].sort(), ["invalid_decision", "invalid_json"]);
  } finally {
    await target.close?.();
    await server.stop();
  }
});

Deno.test("createHttpTarget() reports a dropped connection as connection_error and carries on", async () => {
  const server = serveSoul({ faults: { dropRate: 1 } });
  const target = createHttpTarget({ url: server.url });
  try {
    for (let i = 0; i < 3; i++) {
      await expectTargetError(
        target.evaluate({ id: `r-${i}`, input: "hi" }),
        "connection_error",
        /^Connection closed by the server in the middle of the answer$/,
      );
    }
  } finally {
    await target.close?.();
    await server.stop();
  }
});

Deno.test("createHttpTarget() times out on a hanging service", async () => {
  const server = serveSoul({ faults: { hangRate: 1 } });
  const target = createHttpTarget({ url: server.url, timeoutMs: 100 });
  try {
    await expectTargetError(
      target.evaluate({ id: "r-1", input: "hi" }),
      "timeout",
      `No answer from 127.0.0.1:${server.port} within 100 ms`,
    );
  } finally {
    await target.close?.();
    await server.stop();
  }
});

Deno.test("createHttpTarget() reports a refused connection", async () => {
  const port = closedPort();
  const target = createHttpTarget({ url: `http://127.0.0.1:${port}` });
  try {
    await expectTargetError(
      target.evaluate({ id: "r-1", input: "hi" }),
      "connection_refused",
      `Connection refused by 127.0.0.1:${port}`,
    );
  } finally {
    await target.close?.();
  }
});

Deno.test("createHttpTarget() reports a non-2xx answer and a non-decision body", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/teapot")) return new Response("no", { status: 418 });
    if (path.startsWith("/list")) return Response.json([1, 2]);
    if (path.startsWith("/enum")) {
      return Response.json({ confidence: 0.2, pre_validation: "maybe", approval_path: "approved" });
    }
    return new Response("");
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const at = (path: string) => createHttpTarget({ url: `${base}${path}` });
  const targets = [at("/teapot"), at("/list"), at("/enum"), at("/empty")];
  try {
    const request = { id: "r-1", input: "hi" };
    await expectTargetError(targets[0]!.evaluate(request), "http_status", "HTTP 418 I'm a teapot");
    await expectTargetError(
      targets[1]!.evaluate(request),
      "invalid_decision",
      "decision must be a JSON object",
    );
    await expectTargetError(
      targets[2]!.evaluate(request),
      "invalid_decision",
      `'pre_validation' must be "passed" or "failed": got "maybe"`,
    );
    await expectTargetError(
      targets[3]!.evaluate(request),
      "invalid_json",
      "Answer is not JSON: empty body",
    );
  } finally {
    for (const target of targets) await target.close?.();
    await server.shutdown();
  }
});

Deno.test("createHttpTarget() recovers by itself when the service is killed and restarted", async () => {
  const server = serveSoul();
  const target = createHttpTarget({ url: server.url, timeoutMs: 2000 });
  const request = (i: number) => ({
    id: `r-${i}`,
    input: SAMPLE_INPUTS[i % SAMPLE_INPUTS.length]!,
  });
  try {
    for (let i = 0; i < 5; i++) await target.evaluate(request(i));
    await server.stop();
    // The kept-alive connection may still look open for an instant: a request
    // sent right away fails on it (not retried), the next ones are refused.
    try {
      await target.evaluate(request(5));
      assert.fail("the stopped service answered");
    } catch (error) {
      assert.ok(error instanceof TargetError);
      if (error.type === "connection_error") {
        assert.equal(
          error.message,
          "Connection closed by the server before any answer (reused connection)",
        );
      } else {
        assert.equal(error.type, "connection_refused");
      }
    }
    for (let i = 6; i < 8; i++) {
      await expectTargetError(target.evaluate(request(i)), "connection_refused");
    }
    server.start();
    for (let i = 8; i < 20; i++) {
      assert.deepEqual(
        await target.evaluate(request(i)),
        JSON.parse(JSON.stringify(evaluateInput(request(i).input))),
      );
    }
  } finally {
    await target.close?.();
    await server.stop();
  }
});

Deno.test("createHttpTarget() fails fast with a caller's aborted signal", async () => {
  const server = serveSoul({ faults: { hangRate: 1 } });
  const target = createHttpTarget({ url: server.url });
  try {
    const controller = new AbortController();
    const pending = target.evaluate({ id: "r-1", input: "hi" }, controller.signal);
    controller.abort(new Error("run stopped"));
    await expectTargetError(pending, "timeout", "Request aborted: run stopped");
  } finally {
    await target.close?.();
    await server.stop();
  }
});

Deno.test("createHttpTarget() validates its options", () => {
  assert.throws(
    () => createHttpTarget({ url: "ftp://example.test" }),
    (error: unknown) =>
      error instanceof InputError &&
      error.message ===
        "Cannot use url as it must be an http or https URL: current value is 'ftp://example.test'",
  );
  assert.throws(() => createHttpTarget({ url: DEFAULT_SOUL_URL, timeoutMs: 0 }), /timeoutMs/);
});

Deno.test("soulSettingsFromEnv() reads SOUL_REAL_ENABLED and SOUL_API_URL", () => {
  assert.deepEqual(soulSettingsFromEnv(env({})), { enabled: false, url: DEFAULT_SOUL_URL });
  for (const yes of ["true", "TRUE", "1", "yes", " Yes "]) {
    assert.equal(soulSettingsFromEnv(env({ SOUL_REAL_ENABLED: yes })).enabled, true, yes);
  }
  for (const no of ["false", "0", "no", "", "enabled"]) {
    assert.equal(soulSettingsFromEnv(env({ SOUL_REAL_ENABLED: no })).enabled, false, no);
  }
  assert.equal(
    soulSettingsFromEnv(env({ SOUL_API_URL: "https://soul.internal:9443/" })).url,
    "https://soul.internal:9443",
  );
  assert.throws(
    () => soulSettingsFromEnv(env({ SOUL_API_URL: "localhost:8787" })),
    (error: unknown) =>
      error instanceof InputError &&
      error.message ===
        "Cannot use SOUL_API_URL as it must be an http or https URL: current value is 'localhost:8787'",
  );
  assert.throws(() => soulSettingsFromEnv(env({ SOUL_API_URL: "not a url" })), InputError);
});

Deno.test("createHttpTarget() reports a host outside the network permission as connection_refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const script = `${dir}/probe.ts`;
    const module = new URL("../lib/soul/http_target.ts", import.meta.url).href;
    await Deno.writeTextFile(
      script,
      `import { createHttpTarget } from ${JSON.stringify(module)};\n` +
        `const target = createHttpTarget({ url: "http://127.0.0.1:9" });\n` +
        `try { await target.evaluate({ id: "r-1", input: "hi" }); console.log("answered"); }\n` +
        `catch (e) { console.log(JSON.stringify([e.name, e.type, e.message])); }\n` +
        `finally { target.close(); }\n`,
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", "--allow-net=127.0.0.1:8787", script],
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    }).output();
    assert.deepEqual(JSON.parse(new TextDecoder().decode(output.stdout)), [
      "TargetError",
      "connection_refused",
      "Cannot reach 127.0.0.1:9: network access to it is not permitted",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createHttpTarget() sends the User-Agent it is given", async () => {
  let agent: string | null = null;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    agent = request.headers.get("user-agent");
    return Response.json(evaluateInput("hi"));
  });
  const target = createHttpTarget({
    url: `http://127.0.0.1:${server.addr.port}`,
    userAgent: "buddy-traffic/9.9.9",
  });
  try {
    await target.evaluate({ id: "r-1", input: "hi" });
    assert.equal(agent, "buddy-traffic/9.9.9");
  } finally {
    await target.close?.();
    await server.shutdown();
  }
});
