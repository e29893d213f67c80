/**
 * buddy-traffic migrate: copies metrics between a JSON metrics file and a
 * shard of a Deno KV store, losslessly, and checks a KV store's consistency.
 *
 * @module
 */
import { denoMigrateIo, runMigrate } from "./lib/migrate/run_migrate.ts";

if (import.meta.main) {
  Deno.exitCode = await runMigrate(Deno.args, denoMigrateIo());
}
