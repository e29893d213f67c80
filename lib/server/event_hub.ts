/**
 * The server's event hub: the simulator hands it each metrics document it
 * writes; the hub turns it into one `report` event (the web view) and
 * one `alert` event per alert whose status changed, numbers them, keeps the
 * most recent ones in a ring buffer for `Last-Event-ID` resume, and fans
 * them out to every subscribed event stream. Each event is serialised once,
 * whatever the number of subscribers. A document merged from several shards
 * comes with its parts: the view then has one row per shard, and the hub
 * keeps the parts for the per-shard Prometheus series.
 *
 * @module
 */
import type { MetricsDocument } from "../model/metrics_document.ts";
import { type AlertState, documentAlerts } from "../alerts/evaluate.ts";
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";
import type { SourcePart } from "../store/metrics_source.ts";
import type { LiveTick } from "../view/live_tick.ts";
import { type ShardMetrics, shardView } from "../view/shard_view.ts";
import {
  buildWebView,
  pointsOf,
  shardRow,
  type WebSnapshot,
  type WebView,
} from "../view/web_view.ts";

/** Event types on the stream. */
export type HubEventType = "snapshot" | "report" | "alert" | "tick";

/** Ticks kept for a new page's per-second charts: the last 15 minutes. */
export const TICK_HISTORY = 900;

/** One server-sent event, ready to write. */
export interface HubEvent {
  /** Increasing id (the SSE `id:` field). */
  id: number;
  /** Event type (the SSE `event:` field). */
  type: HubEventType;
  /** JSON payload (the SSE `data:` field, one line). */
  data: string;
  /** The whole SSE frame, encoded once for every subscriber. */
  frame: Uint8Array;
}

/** Receives each new event. */
export type HubListener = (event: HubEvent) => void;

/** Options for {@linkcode EventHub}. */
export interface EventHubOptions {
  /**
   * Events kept for `Last-Event-ID` resume.
   * @default {256}
   */
  capacity?: number;
  /**
   * Alert rules.
   * @default {DEFAULT_RULES}
   */
  rules?: readonly AlertRule[];
  /**
   * Clock.
   * @default {() => new Date()}
   */
  now?: () => Date;
}

const encoder = new TextEncoder();

/** Formats one SSE frame: `event`, `id` and a single `data` line. */
export function sseFrame(type: string, id: number, data: string): string {
  return `event: ${type}\nid: ${id}\ndata: ${data}\n\n`;
}

/** Numbers, buffers and fans out the server's events. */
export class EventHub {
  readonly #capacity: number;
  readonly #rules: readonly AlertRule[];
  readonly #now: () => Date;
  readonly #buffer: HubEvent[] = [];
  readonly #listeners = new Set<HubListener>();
  #lastId = 0;
  #doc: MetricsDocument | null = null;
  #view: WebView | null = null;
  #alerts: AlertState[] = [];
  #parts: readonly SourcePart[] = [];
  #snapshot: HubEvent | null = null;
  #ticks: LiveTick[] = [];

  /** Creates an empty hub. */
  constructor(options: EventHubOptions = {}) {
    const capacity = options.capacity ?? 256;
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(
        `Cannot create event hub as 'capacity' must be a positive integer: current value is ${capacity}`,
      );
    }
    this.#capacity = capacity;
    this.#rules = options.rules ?? DEFAULT_RULES;
    this.#now = options.now ?? (() => new Date());
  }

  /** Id of the newest event (0 before the first). */
  get lastId(): number {
    return this.#lastId;
  }

  /** Number of subscribed streams. */
  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Alert states after the last published document. */
  get alerts(): readonly AlertState[] {
    return this.#alerts;
  }

  /** The view of the last published document, null before the first. */
  get view(): WebView | null {
    return this.#view;
  }

  /** The shards the last published document was merged from (empty for a single source). */
  get parts(): readonly SourcePart[] {
    return this.#parts;
  }

  /**
   * Each shard of the last published document with its row (state, figures,
   * alerts firing for it alone) as of `now`, in the order of the parts.
   */
  shards(now: Date = this.#now()): ShardMetrics[] {
    return this.#parts.map((part) => ({ part, view: shardView(part, now, this.#rules) }));
  }

  /**
   * Publishes a new document: a `report` event with its view, then one
   * `alert` event per alert whose status changed since the last document.
   * `parts` are the shards `doc` was merged from: with more than one, the
   * view lists them (alerts evaluated per shard).
   */
  publishReport(doc: MetricsDocument, parts: readonly SourcePart[] = []): void {
    const now = this.#now();
    const alerts = documentAlerts(doc, now, this.#rules);
    const before = new Map(this.#alerts.map((a) => [a.rule_id, a.status]));
    this.#doc = doc;
    this.#alerts = alerts;
    this.#parts = parts.slice();
    const shards = parts.length > 1 ? this.shards(now).map((s) => shardRow(s, now)) : undefined;
    this.#view = buildWebView(doc, alerts, shards);
    this.#snapshot = null;
    this.publish("report", this.#view);
    for (const alert of alerts) {
      if (alert.status !== (before.get(alert.rule_id) ?? "ok")) this.publish("alert", alert);
    }
  }

  /**
   * Publishes a `tick` (the simulator's live figures of one second) and keeps
   * the last {@linkcode TICK_HISTORY} for the snapshot a new page starts with.
   * Ticks are not kept for `Last-Event-ID` resume: a page that reconnects
   * after missing some gets them from the snapshot.
   */
  publishTick(tick: LiveTick): void {
    this.#ticks.push(tick);
    if (this.#ticks.length > TICK_HISTORY) this.#ticks.splice(0, this.#ticks.length - TICK_HISTORY);
    this.#snapshot = null;
    const event = makeEvent(this.#lastId, "tick", tick);
    for (const listener of this.#listeners) listener(event);
  }

  /** The ticks kept, oldest first. */
  get ticks(): readonly LiveTick[] {
    return this.#ticks;
  }

  /** Publishes one event to every subscriber and keeps it for resume. */
  publish(type: Exclude<HubEventType, "snapshot">, payload: unknown): HubEvent {
    const event = makeEvent(++this.#lastId, type, payload);
    this.#buffer.push(event);
    if (this.#buffer.length > this.#capacity) this.#buffer.shift();
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  /** Calls `listener` with every future event; returns the unsubscribe function. */
  subscribe(listener: HubListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The buffered events after `lastId`, oldest first, or null when they
   * cannot be replayed (too old, or an id this hub never issued): the client
   * then needs a snapshot.
   */
  since(lastId: number): HubEvent[] | null {
    if (!Number.isInteger(lastId) || lastId < 0 || lastId > this.#lastId) return null;
    if (lastId === this.#lastId) return [];
    const oldest = this.#buffer[0]?.id ?? this.#lastId + 1;
    if (lastId < oldest - 1) return null;
    return this.#buffer.filter((e) => e.id > lastId);
  }

  /**
   * A `snapshot` event (chart history and current view) carrying the id of
   * the newest event, so a reconnecting page resumes right after it; null
   * before the first document. Built at most once per document.
   */
  snapshot(): HubEvent | null {
    if (this.#doc === null || this.#view === null) return null;
    if (this.#snapshot === null || this.#snapshot.id !== this.#lastId) {
      const payload: WebSnapshot = {
        points: pointsOf(this.#doc),
        view: this.#view,
        ticks: this.#ticks.slice(),
      };
      this.#snapshot = makeEvent(this.#lastId, "snapshot", payload);
    }
    return this.#snapshot;
  }
}

function makeEvent(id: number, type: HubEventType, payload: unknown): HubEvent {
  const data = JSON.stringify(payload);
  return { id, type, data, frame: encoder.encode(sseFrame(type, id, data)) };
}
