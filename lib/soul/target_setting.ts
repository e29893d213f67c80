/**
 * Which target serves the traffic: the embedded reference engine or the real
 * Soul service over HTTP, resolved from `--use-real-soul`, `--soul-url`, the
 * environment and an optional flags file. Pure, so start-up and every
 * runtime re-read (e.g. on SIGHUP) decide the same way.
 *
 * @module
 */
import type { Flags } from "./flags_file.ts";
import { describeDefinition, type TargetDefinition } from "./target_file.ts";
import { DEFAULT_SOUL_URL, isTrue, parseSoulUrl } from "./http_target.ts";

/** Inputs of {@linkcode resolveTargetSetting}. */
export interface TargetSettingInput {
  /** `--use-real-soul` was given. */
  useRealSoul: boolean;
  /** `--soul-url`, if given: wins over the flags file and the environment. */
  flagUrl?: string | undefined;
  /** The environment (`SOUL_REAL_ENABLED`, `SOUL_API_URL`). */
  env: { get(key: string): string | undefined };
  /** Settings from `--flags FILE`, if any: they win over the environment. */
  flags?: Flags | undefined;
  /** The target file (`--target`, else the flags file's `SOUL_TARGET_FILE`), if any: wins over URLs. */
  definition?: TargetDefinition | undefined;
}

/** The resolved target. */
export interface TargetSetting {
  /** `reference` (embedded engine) or `http` (the real service). */
  kind: "reference" | "http";
  /** Base URL of the service, when `kind` is `http` and no target file describes it. */
  url?: string;
  /** The target file describing the service, when `kind` is `http` and one does. */
  definition?: TargetDefinition;
  /** One line to show the user when a request was not (or not fully) honoured. */
  notice?: string;
}

/**
 * Resolves the target: `http` only when `--use-real-soul` is given and
 * `SOUL_REAL_ENABLED` is true (flags file first, then the environment), on
 * the target file when there is one, else on the URL;
 * otherwise the reference engine, with a one-line notice explaining why when
 * the user asked for the real service or enabled it. The URL comes from
 * `--soul-url`, then the flags file's `SOUL_API_URL`, then the environment's,
 * then `http://127.0.0.1:8787`. An invalid URL about to be used (or any invalid
 * `--soul-url`) throws a one-line UsageError.
 */
export function resolveTargetSetting(input: TargetSettingInput): TargetSetting {
  const { useRealSoul, flagUrl, env, flags } = input;
  if (flagUrl !== undefined) parseSoulUrl(flagUrl, "--soul-url");
  const enabledText = flags?.SOUL_REAL_ENABLED ?? env.get("SOUL_REAL_ENABLED");
  const enabled = isTrue(enabledText);
  const source = flags?.SOUL_REAL_ENABLED !== undefined ? "the flags file" : "the environment";
  if (!useRealSoul) {
    if (enabled) {
      return {
        kind: "reference",
        notice: `SOUL_REAL_ENABLED is true in ${source} but --use-real-soul is not set; ` +
          "using the reference engine",
      };
    }
    return { kind: "reference" };
  }
  if (!enabled) {
    return {
      kind: "reference",
      notice: "--use-real-soul ignored: SOUL_REAL_ENABLED is not true; using the reference engine",
    };
  }
  if (input.definition !== undefined) return { kind: "http", definition: input.definition };
  return { kind: "http", url: resolveUrl(flagUrl, flags, env) };
}

/** A short label for a setting, e.g. `reference`, `http http://127.0.0.1:8787`, `http openai-chat https://...`. */
export function describeSetting(setting: TargetSetting): string {
  if (setting.kind !== "http") return "reference";
  return setting.definition === undefined
    ? `http ${setting.url}`
    : `http ${describeDefinition(setting.definition)}`;
}

/**
 * The service URL a run is configured with, whether or not it is in use:
 * `--soul-url`, then the flags file's `SOUL_API_URL`, then the environment's,
 * then `http://127.0.0.1:8787`. Throws a one-line UsageError for an invalid URL.
 */
export function resolveSoulUrl(input: Omit<TargetSettingInput, "useRealSoul">): string {
  return resolveUrl(input.flagUrl, input.flags, input.env);
}

function resolveUrl(
  flagUrl: string | undefined,
  flags: Flags | undefined,
  env: { get(key: string): string | undefined },
): string {
  if (flagUrl !== undefined) return normalise(parseSoulUrl(flagUrl, "--soul-url"));
  const fromFile = flags?.SOUL_API_URL?.trim();
  if (fromFile !== undefined && fromFile !== "") {
    return normalise(parseSoulUrl(fromFile, "SOUL_API_URL (flags file)"));
  }
  const fromEnv = env.get("SOUL_API_URL")?.trim();
  if (fromEnv !== undefined && fromEnv !== "") {
    return normalise(parseSoulUrl(fromEnv, "SOUL_API_URL"));
  }
  return DEFAULT_SOUL_URL;
}

function normalise(url: URL): string {
  return url.href.replace(/\/$/, "");
}
