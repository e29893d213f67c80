import assert from "node:assert/strict";
import fc from "fast-check";
import {
  CronScheduleError,
  firesAt,
  nextFiring,
  parseCronSchedule,
} from "../lib/simulate/cron_schedule.ts";

const at = (iso: string) => new Date(iso);

Deno.test("parseCronSchedule() reads the hourly schedule of the product description", () => {
  const s = parseCronSchedule("0 * * * *");
  assert.deepEqual([...s.minutes], [0]);
  assert.equal(s.hours.size, 24);
  assert.equal(s.days.size, 31);
  assert.equal(s.months.size, 12);
  assert.deepEqual([...s.weekdays].sort(), [0, 1, 2, 3, 4, 5, 6]);
});

Deno.test("parseCronSchedule() takes ranges, steps, lists and names", () => {
  const s = parseCronSchedule(" */15 9-17/4 1,15 JAN-mar MON-FRI ");
  assert.equal(s.source, "*/15 9-17/4 1,15 JAN-mar MON-FRI");
  assert.deepEqual([...s.minutes], [0, 15, 30, 45]);
  assert.deepEqual([...s.hours], [9, 13, 17]);
  assert.deepEqual([...s.days], [1, 15]);
  assert.deepEqual([...s.months], [1, 2, 3]);
  assert.deepEqual([...s.weekdays], [1, 2, 3, 4, 5]);
  assert.deepEqual([...parseCronSchedule("5/20 * * * *").minutes], [5, 25, 45]);
});

Deno.test("parseCronSchedule() counts weekday 7 as Sunday", () => {
  assert.deepEqual([...parseCronSchedule("0 0 * * 7").weekdays], [0]);
  assert.deepEqual([...parseCronSchedule("0 0 * * 5-7").weekdays].sort(), [0, 5, 6]);
});

Deno.test("parseCronSchedule() rejects bad schedules with a one-line message naming the field", () => {
  const cases: [string, RegExp][] = [
    ["", /must have 5 fields .* it has 0$/],
    ["0 * * *", /it has 4$/],
    ["0 * * * * *", /it has 6$/],
    ["@hourly", /it has 1$/],
    ["61 * * * *", /^the minute field '61' must be/],
    ["*/0 * * * *", /^the minute field '\*\/0'/],
    ["0 24 * * *", /^the hour field '24'/],
    ["0 0 0 * *", /^the day of month field '0'/],
    ["0 0 * 13 *", /^the month field '13' .* or JAN-DEC/],
    ["0 0 * * 8", /^the day of week field '8' .* or SUN-SAT/],
    ["0 0 * * MON-", /^the day of week field 'MON-'/],
    ["5-1 * * * *", /^the minute field '5-1'/],
    ["1,,2 * * * *", /^the minute field '1,,2'/],
    ["0 0 31 2 *", /never fires/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseCronSchedule(text), (error: unknown) => {
      assert.ok(error instanceof CronScheduleError, text);
      assert.match(error.message, message, text);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  }
});

Deno.test("nextFiring() steps to the next matching minute in UTC", () => {
  const hourly = parseCronSchedule("0 * * * *");
  assert.equal(
    nextFiring(hourly, at("2026-11-27T03:15:42Z"))?.toISOString(),
    "2026-11-27T04:00:00.000Z",
  );
  // Strictly after: a time exactly on a firing goes to the next one.
  assert.equal(
    nextFiring(hourly, at("2026-11-27T04:00:00Z"))?.toISOString(),
    "2026-11-27T05:00:00.000Z",
  );
  const weekdays = parseCronSchedule("30 8 * * MON-FRI");
  // 2026-11-27 is a Friday: the next is Monday the 30th.
  assert.equal(
    nextFiring(weekdays, at("2026-11-27T09:00:00Z"))?.toISOString(),
    "2026-11-30T08:30:00.000Z",
  );
  const leap = parseCronSchedule("0 0 29 2 *");
  assert.equal(
    nextFiring(leap, at("2026-03-01T00:00:00Z"))?.toISOString(),
    "2028-02-29T00:00:00.000Z",
  );
  // Both day fields restricted: either matches.
  const either = parseCronSchedule("0 12 1 * SUN");
  assert.equal(
    nextFiring(either, at("2026-11-27T13:00:00Z"))?.toISOString(),
    "2026-11-29T12:00:00.000Z",
  );
  assert.equal(
    nextFiring(either, at("2026-11-29T13:00:00Z"))?.toISOString(),
    "2026-12-01T12:00:00.000Z",
  );
});

Deno.test("nextFiring() returns the first firing after the time: none is skipped", () => {
  const field = (max: number) =>
    fc.oneof(
      fc.constant("*"),
      fc.integer({ min: 0, max }).map(String),
      fc.integer({ min: 1, max: 9 }).map((n) => `*/${n}`),
      fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max })).map(([a, b]) =>
        `${Math.min(a, b)}-${Math.max(a, b)}`
      ),
    );
  fc.assert(
    fc.property(
      field(59),
      field(23),
      fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
      (minute, hour, t) => {
        const schedule = parseCronSchedule(`${minute} ${hour} * * *`);
        const after = new Date(t);
        const next = nextFiring(schedule, after);
        assert.ok(next !== null);
        assert.ok(next.getTime() > after.getTime());
        assert.equal(next.getUTCSeconds(), 0);
        assert.ok(firesAt(schedule, next));
        // No minute between the two fires (within a day every such schedule fires).
        const first = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
        for (let m = first; m < next.getTime(); m += 60_000) {
          assert.ok(!firesAt(schedule, new Date(m)), new Date(m).toISOString());
        }
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("every schedule parseCronSchedule() accepts, Deno.cron accepts too", async () => {
  const schedules = [
    "0 * * * *",
    "*/15 9-17/4 1,15 JAN-mar MON-FRI",
    "5/20 * * * *",
    "0 0 * * 7",
    "30 8 * * MON-FRI",
    "0 0 29 2 *",
    "0 12 1 * SUN",
    "59 23 31 12 6",
  ];
  const stop = new AbortController();
  const jobs = schedules.map((s, i) => {
    parseCronSchedule(s);
    return Deno.cron(`schedule check ${i}`, s, { signal: stop.signal }, () => {});
  });
  stop.abort();
  await Promise.all(jobs);
});
