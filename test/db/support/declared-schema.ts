import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { makeTempDir, removeTempDir } from "./temp-dir";

// What schema.prisma declares, read by Prisma itself rather than by a hand-written parser:
// `prisma generate` (which works offline with the schema-engine stub) hands every generator
// the DMMF, and dmmf-dump-generator.mjs writes it to a file.

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PRISMA_CLI = path.join(ROOT, "node_modules/prisma/build/index.js");
const DUMP_GENERATOR = path.join(import.meta.dirname, "dmmf-dump-generator.mjs");
const ENGINE_STUB = path.join(ROOT, "scripts/schema-engine-stub.sh");
export const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");

// The parts of Prisma's DMMF (its `datamodel`) the drift test reads.
export type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
};
export type DmmfModel = {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
};
export type DmmfIndex = {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
};
export type DmmfEnum = { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] };
export type Datamodel = { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };

/** Prisma's datamodel for a schema given as text (so tests can pass altered copies). */
export async function loadDatamodel(schemaText: string = readFileSync(SCHEMA_PATH, "utf8")): Promise<Datamodel> {
  const dir = makeTempDir("dmmf");
  try {
    const output = path.join(dir, "dmmf.json");
    const generator = `generator dump {\n  provider = ${JSON.stringify(`node ${DUMP_GENERATOR}`)}\n  output   = ${JSON.stringify(output)}\n}\n`;
    // Only our generator runs: the real one would regenerate the app's client.
    const schema = generator + schemaText.replace(/^generator\s+\w+\s*\{[^}]*\}/gm, "");
    writeFileSync(path.join(dir, "schema.prisma"), schema);
    const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
    if (!env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(ENGINE_STUB)) env.PRISMA_SCHEMA_ENGINE_BINARY = ENGINE_STUB;
    // cwd is the temp dir so the project's prisma.config.ts (which names the real schema) is not loaded.
    await promisify(execFile)(process.execPath, [PRISMA_CLI, "generate", "--schema", path.join(dir, "schema.prisma")], { cwd: dir, env });
    return (JSON.parse(readFileSync(output, "utf8")) as { datamodel: Datamodel }).datamodel;
  } finally {
    removeTempDir(dir);
  }
}
