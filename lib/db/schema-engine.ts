import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm";

/**
 * Loads Prisma's WebAssembly schema engine without `--experimental-wasm-modules`: the package's
 * entry imports its .wasm file as an ES module, which plain Node 20 cannot do, so we instantiate
 * the module ourselves with the package's own JS glue as its import object.
 */
let loaded: Promise<typeof SchemaEngineType> | undefined;

export function loadSchemaEngine(): Promise<typeof SchemaEngineType> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(gluePath).href)) as Record<string, unknown> & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
      SchemaEngine: typeof SchemaEngineType;
    };
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return loaded;
}
