/**
 * The GitHub Actions recipe in examples/github-actions: its shape (triggers,
 * Deno version, artifacts kept on failure), and its simulation and gate
 * commands run as written, through `deno task`, in a copy of the project.
 *
 * @module
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { UNTIMED_RULES } from "./_tasks.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const WORKFLOW = join(ROOT, "examples/github-actions/buddy-traffic.yml");
/** What a checkout needs to run the tasks: the config, the lock file, the scripts, lib/. */
const PROJECT_ENTRIES = ["deno.json", "deno.lock", "simulate.ts", "visualize.ts", "lib"];

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[] }>;
}

async function readWorkflow(): Promise<Workflow> {
  return parse(await Deno.readTextFile(WORKFLOW)) as Workflow;
}

function allSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

function stepById(workflow: Workflow, id: string): Step & { run: string } {
  const step = allSteps(workflow).find((s) => s.id === id);
  assert.ok(step !== undefined, `the workflow has no step with id '${id}'`);
  assert.equal(typeof step.run, "string", `step '${id}' runs no command`);
  return step as Step & { run: string };
}

/** The value of `--flag VALUE` in a one-line command. */
function flagValue(command: string, flag: string): string | undefined {
  const words = command.trim().split(/\s+/);
  const i = words.indexOf(flag);
  return i < 0 ? undefined : words[i + 1];
}

Deno.test("the CI recipe runs on a schedule and on demand with Deno 2.9.6", async () => {
  const workflow = await readWorkflow();
  const schedule = workflow.on.schedule as { cron: string }[];
  assert.ok(Array.isArray(schedule) && schedule.length > 0, "no schedule trigger");
  for (const { cron } of schedule) assert.equal(cron.trim().split(/\s+/).length, 5, cron);
  assert.ok("workflow_dispatch" in workflow.on, "no workflow_dispatch trigger");
  const steps = allSteps(workflow);
  assert.ok(steps.some((s) => s.uses?.startsWith("actions/checkout@")), "no checkout step");
  const deno = steps.find((s) => s.uses === "denoland/setup-deno@v2");
  assert.ok(deno !== undefined, "no denoland/setup-deno@v2 step");
  assert.equal(String(deno.with?.["deno-version"]), "2.9.6");
});

Deno.test("the CI recipe simulates under the task's permissions and gates with --check", async () => {
  const workflow = await readWorkflow();
  const simulate = stepById(workflow, "simulate").run.trim();
  const gate = stepById(workflow, "gate").run.trim();
  assert.match(simulate, /^deno task simulate /);
  assert.match(gate, /^deno task visualize /);
  for (const command of [simulate, gate]) {
    assert.doesNotMatch(command, /\n|(^|\s)(-A|--allow-\S+)(\s|$)/, "one task command, no grants");
  }
  assert.ok(Number(flagValue(simulate, "--max-requests")) > 0, "the simulation is not bounded");
  assert.ok(flagValue(simulate, "--seed") !== undefined, "the simulation is not seeded");
  assert.equal(flagValue(gate, "--file"), flagValue(simulate, "--file"));
  assert.ok(gate.split(/\s+/).includes("--check"), "the gate does not --check");
  assert.ok(flagValue(gate, "--html") !== undefined, "the gate writes no HTML report");
});

Deno.test("the CI recipe uploads the metrics file and the HTML report even when the gate fails", async () => {
  const workflow = await readWorkflow();
  const steps = allSteps(workflow);
  const upload = steps.find((s) => s.uses === "actions/upload-artifact@v4");
  assert.ok(upload !== undefined, "no actions/upload-artifact@v4 step");
  assert.equal(upload.if, "always()");
  assert.ok(steps.indexOf(upload) > steps.indexOf(stepById(workflow, "gate")));
  const paths = String(upload.with?.path ?? "").split(/\s+/).filter((p) => p !== "");
  const simulate = stepById(workflow, "simulate").run;
  const gate = stepById(workflow, "gate").run;
  assert.deepEqual(paths.sort(), [flagValue(simulate, "--file"), flagValue(gate, "--html")].sort());
});

/** A copy of the project with a `deno` on PATH that is this Deno. */
async function projectCopy(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), "buddy-ci-"));
  for (const entry of PROJECT_ENTRIES) {
    await cp(join(ROOT, entry), join(dir, "project", entry), { recursive: true });
  }
  await Deno.mkdir(join(dir, "bin"));
  await symlink(Deno.execPath(), join(dir, "bin", "deno"));
  return {
    dir,
    env: {
      PATH: `${join(dir, "bin")}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
      DENO_NO_UPDATE_CHECK: "1",
    },
  };
}

/** Runs a step's command the way a runner does: bash, in the checkout. */
async function runStep(cwd: string, env: Record<string, string>, command: string) {
  const out = await new Deno.Command("bash", {
    args: ["-e", "-c", command],
    cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test({
  name: "the CI recipe's commands pass on a healthy run and fail the gate on injected faults",
  fn: async () => {
    const workflow = await readWorkflow();
    const simulate = stepById(workflow, "simulate").run.trim();
    const gate = stepById(workflow, "gate").run.trim();
    const metricsName = flagValue(simulate, "--file") ?? "";
    const htmlName = flagValue(gate, "--html") ?? "";
    const maxRequests = Number(flagValue(simulate, "--max-requests"));
    const { dir, env } = await projectCopy();
    const project = join(dir, "project");
    try {
      // Healthy: the simulation writes a complete metrics file and the gate passes.
      const sim = await runStep(project, env, simulate);
      assert.equal(sim.code, 0, sim.stderr);
      const doc = await readMetricsFile(join(project, metricsName));
      assert.equal(doc.status.state, "stopped");
      assert.equal(doc.cumulative.total_requests, maxRequests);
      assert.equal(doc.cumulative.success_rate, 100);
      await Deno.writeTextFile(join(project, "untimed_rules.json"), UNTIMED_RULES);
      const pass = await runStep(project, env, `${gate} --rules untimed_rules.json`);
      assert.equal(pass.code, 0, pass.stdout + pass.stderr);
      assert.match(pass.stdout, /^PASS: no HIGH alert holds/m);
      assert.match(await Deno.readTextFile(join(project, htmlName)), /<html/i);

      // Faulty: half the requests fail, and the same gate exits 1 naming the alert.
      await rm(join(project, metricsName));
      await rm(join(project, htmlName));
      const faulty = await runStep(project, env, `${simulate} --fault-rate 0.5`);
      assert.equal(faulty.code, 0, faulty.stderr);
      const fail = await runStep(project, env, gate);
      assert.equal(fail.code, 1, fail.stdout + fail.stderr);
      assert.match(fail.stdout, /HIGH\s+low_success_rate: Success rate [\d.]+% is below 90%/);
      assert.match(fail.stdout, /^FAIL: \d+ HIGH alerts? holds?/m);
      // The report is still written, for the artifact upload that runs always.
      assert.match(await Deno.readTextFile(join(project, htmlName)), /<html/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});
