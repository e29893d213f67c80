/**
 * Metrics documents of several simulator shards side by side (same windows,
 * own run ids), for the per-source breakdown tests of the visualizer and the
 * dashboard.
 *
 * @module
 */
import type { MetricsDocument, Status } from "../lib/model/metrics_document.ts";
import { documentOf, reportsOf, type ReportSpec } from "./_report_builders.ts";

/** Options for {@linkcode shardDocument}. */
export interface ShardOptions {
  /** Reports in the document. @default {4} */
  reports?: number;
  /** Requests per report. @default {200} */
  requests?: number;
  /** Adversarial requests per report. @default {20} */
  adversarial?: number;
  /** Adversarial requests approved per report (a bad blocker approves some). @default {0} */
  adversarialApproved?: number;
  /** Failed requests per report. @default {0} */
  failed?: number;
  /** Service time, ms. @default {0.5} */
  execMs?: number;
  /** Status overrides (state, updated_at, ...). */
  status?: Partial<Status>;
}

/**
 * One shard's document: reports over the same windows as every other shard
 * (ids and times from 1), told apart by `runId`, so merging keeps them all.
 */
export function shardDocument(runId: string, options: ShardOptions = {}): MetricsDocument {
  const spec: ReportSpec = {
    requests: options.requests ?? 200,
    adversarial: options.adversarial ?? 20,
    adversarialApproved: options.adversarialApproved ?? 0,
    failed: options.failed ?? 0,
    execMs: options.execMs ?? 0.5,
  };
  const reports = reportsOf(Array.from({ length: options.reports ?? 4 }, () => spec))
    .map((r) => ({ ...r, run_id: runId }));
  const doc = documentOf(reports, options.status ?? {});
  doc.runs[0]!.run_id = runId;
  return doc;
}
