/**
 * Five-field cron schedules (`minute hour day-of-month month day-of-week`,
 * UTC), as `Deno.cron` takes them: checked before registration so a typo
 * gets a one-line message naming the field, and stepped through so the
 * simulator can say when the next batch runs.
 *
 * Syntax per field: `*`, a value, a range `a-b`, a step `*\/n` or `a-b/n`,
 * and comma lists of those. Months and weekdays also take English
 * three-letter names (`JAN`, `MON`); weekday 0 and 7 are both Sunday. When
 * both day fields are restricted, a day matches either (as in Vixie cron).
 *
 * @module
 */
import { InputError } from "../model/input_error.ts";

/** A parsed schedule: the allowed values of each field. */
export interface CronSchedule {
  /** The expression as given, trimmed. */
  readonly source: string;
  /** Allowed minutes, 0-59. */
  readonly minutes: ReadonlySet<number>;
  /** Allowed hours, 0-23. */
  readonly hours: ReadonlySet<number>;
  /** Allowed days of the month, 1-31. */
  readonly days: ReadonlySet<number>;
  /** Allowed months, 1-12. */
  readonly months: ReadonlySet<number>;
  /** Allowed weekdays, 0-6 (Sunday is 0). */
  readonly weekdays: ReadonlySet<number>;
  /** Whether the day-of-month field is `*`. */
  readonly anyDay: boolean;
  /** Whether the day-of-week field is `*`. */
  readonly anyWeekday: boolean;
}

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldRule[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day of week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/** Thrown for a schedule that is not a valid five-field cron expression. */
export class CronScheduleError extends InputError {
  /** Creates the error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "CronScheduleError";
  }
}

/** Parses a five-field cron expression; throws {@linkcode CronScheduleError}. */
export function parseCronSchedule(text: string): CronSchedule {
  const source = text.trim();
  const parts = source.split(/\s+/);
  if (source === "" || parts.length !== 5) {
    throw new CronScheduleError(
      `'${text}' must have 5 fields (minute hour day-of-month month day-of-week), e.g. '0 * * * *' for every hour: it has ${
        source === "" ? 0 : parts.length
      }`,
    );
  }
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!));
  const weekdays = new Set([...sets[4]!].map((d) => d % 7));
  const schedule: CronSchedule = {
    source,
    minutes: sets[0]!,
    hours: sets[1]!,
    days: sets[2]!,
    months: sets[3]!,
    weekdays,
    anyDay: parts[2] === "*",
    anyWeekday: parts[4] === "*",
  };
  if (nextFiring(schedule, new Date(Date.UTC(2000, 0, 1))) === null) {
    throw new CronScheduleError(`'${source}' never fires: no month has that day`);
  }
  return schedule;
}

function parseField(part: string, rule: FieldRule): Set<number> {
  const out = new Set<number>();
  for (const item of part.split(",")) {
    const [range, stepText, extra] = item.split("/");
    if (extra !== undefined || range === undefined || range === "") throw fieldError(part, rule);
    const step = stepText === undefined ? 1 : toInt(stepText);
    if (step === null || step < 1) throw fieldError(part, rule);
    let lo: number;
    let hi: number;
    if (range === "*") {
      lo = rule.min;
      hi = rule.name === "day of week" ? 6 : rule.max;
    } else {
      const [a, b, more] = range.split("-");
      if (more !== undefined || a === undefined) throw fieldError(part, rule);
      const from = value(a, rule);
      const to = b === undefined ? (stepText === undefined ? from : rule.max) : value(b, rule);
      if (from === null || to === null || from > to) throw fieldError(part, rule);
      lo = from;
      hi = to;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function value(text: string, rule: FieldRule): number | null {
  const named = rule.names?.indexOf(text.toUpperCase()) ?? -1;
  const v = named >= 0 ? named + (rule.name === "month" ? 1 : 0) : toInt(text);
  return v !== null && v >= rule.min && v <= rule.max ? v : null;
}

function toInt(text: string): number | null {
  return /^\d{1,4}$/.test(text) ? Number(text) : null;
}

function fieldError(part: string, rule: FieldRule): CronScheduleError {
  const names = rule.names === undefined ? "" : ` or ${rule.names[0]}-${rule.names.at(-1)}`;
  return new CronScheduleError(
    `the ${rule.name} field '${part}' must be *, a value from ${rule.min} to ${rule.max}${names}, a range a-b, a step */n or a list of those`,
  );
}

/**
 * The first minute strictly after `after` (UTC) at which `schedule` fires,
 * or null if none within about eight years (a schedule such as `0 0 30 2 *`).
 */
export function nextFiring(schedule: CronSchedule, after: Date): Date | null {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 8 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!schedule.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!dayMatches(schedule, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
      continue;
    }
    if (!schedule.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      continue;
    }
    return t;
  }
  return null;
}

function dayMatches(s: CronSchedule, t: Date): boolean {
  const day = s.days.has(t.getUTCDate());
  const weekday = s.weekdays.has(t.getUTCDay());
  if (s.anyDay && s.anyWeekday) return true;
  if (s.anyDay) return weekday;
  if (s.anyWeekday) return day;
  return day || weekday;
}

/** Whether `schedule` fires in the minute that contains `at` (UTC). */
export function firesAt(schedule: CronSchedule, at: Date): boolean {
  return schedule.months.has(at.getUTCMonth() + 1) && dayMatches(schedule, at) &&
    schedule.hours.has(at.getUTCHours()) && schedule.minutes.has(at.getUTCMinutes());
}
