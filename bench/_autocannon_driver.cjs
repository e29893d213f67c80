// Runs autocannon (found on PATH through `npx -p autocannon@...`) against one
// URL with the given payloads, and prints one JSON line: requests, seconds and
// the CPU time of this process, so it compares with the Deno driver.
"use strict";
const path = require("node:path");
const fs = require("node:fs");

function findAutocannon() {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const candidate = path.join(dir, "..", "autocannon");
    if (dir.endsWith(path.join("node_modules", ".bin")) && fs.existsSync(candidate)) {
      return require(candidate);
    }
  }
  throw new Error("autocannon not found on PATH: run through 'npx -p autocannon@<version>'");
}

const [url, connections, seconds, payloadFile] = process.argv.slice(2);
const payloads = JSON.parse(fs.readFileSync(payloadFile, "utf8"));
const autocannon = findAutocannon();
const cpuStart = process.cpuUsage();
const start = performance.now();
autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: payloads.map((body) => ({
    method: "POST",
    body,
    headers: { "content-type": "application/json" },
  })),
}, (error, result) => {
  if (error) throw error;
  const cpu = process.cpuUsage(cpuStart);
  console.log(JSON.stringify({
    requests: result.requests.total,
    seconds: (performance.now() - start) / 1000,
    cpuMs: (cpu.user + cpu.system) / 1000,
    errors: result.errors + result.timeouts + result.non2xx,
  }));
});
