/**
 * The `--kv PATH` and `--shard NAME` flags every command that reads or
 * writes a Deno KV store takes, checked the same way everywhere.
 *
 * @module
 */
import { validateShardName } from "../store/kv_layout.ts";
import { UsageError } from "./usage_error.ts";

/** `--kv`'s value, or null without it; an empty path is a {@linkcode UsageError}. */
export function kvFlag(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (text.trim() === "") throw new UsageError("Cannot use --kv as it is empty");
  return text;
}

/**
 * `--shard`'s values, checked: each a valid shard name, and only with
 * `--kv`. Throws {@linkcode UsageError}.
 */
export function shardFlags(names: readonly string[], kv: string | null): string[] {
  if (names.length > 0 && kv === null) {
    throw new UsageError("Cannot use --shard without --kv: shards are parts of a KV store");
  }
  for (const name of names) {
    try {
      validateShardName(name);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return [...names];
}
