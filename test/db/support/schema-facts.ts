import pg from "pg";
import type { Datamodel, DmmfField, DmmfModel } from "./declared-schema";

// The drift test compares two lists of one-line "facts" about a PostgreSQL schema: one
// derived from Prisma's datamodel with Prisma's own mapping rules (what `migrate diff` would
// create), one read from a migrated database's catalog. A fact on one side only is drift.
//   table Users
//   column Users.email text NOT NULL default -
//   primary key Users_pkey on Users(id)
//   unique index Users_email_key on Users(email)
//   index Alerts_sentAt_idx on Alerts(sentAt)
//   foreign key Alerts_senderId_fkey Alerts(senderId) -> Users(id) on delete SET NULL on update CASCADE
//   enum Role (MEMBER, ADMIN)

// ---- declared: Prisma's PostgreSQL mapping (prisma-engines, sql-schema-describer/postgres) ----

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

/** PostgreSQL's identifier limit; Prisma shortens longer default names, which this does not model. */
const MAX_IDENTIFIER = 63;

export function declaredFacts(datamodel: Datamodel): string[] {
  const facts: string[] = [];
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const enumNames = new Map(datamodel.enums.map((item) => [item.name, item.dbName ?? item.name]));
  const table = (model: DmmfModel) => model.dbName ?? model.name;
  const column = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    if (!field) throw new Error(`${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };
  const name = (explicit: string | null | undefined, fallback: string) => {
    const chosen = explicit ?? fallback;
    if (chosen.length > MAX_IDENTIFIER) throw new Error(`Name ${chosen} is too long for the drift test: give it an explicit map: name`);
    return chosen;
  };

  for (const item of datamodel.enums) {
    facts.push(`enum ${item.dbName ?? item.name} (${item.values.map((value) => value.dbName ?? value.name).join(", ")})`);
  }
  for (const model of datamodel.models) {
    facts.push(`table ${table(model)}`);
    for (const field of model.fields) {
      if (field.kind !== "scalar" && field.kind !== "enum") continue;
      const type = columnType(field, enumNames);
      facts.push(`column ${table(model)}.${field.dbName ?? field.name} ${type} ${field.isRequired ? "NOT NULL" : "NULL"} default ${declaredDefault(field, type)}`);
    }
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = models.get(field.type);
      if (!target) throw new Error(`Unknown relation target ${field.type}`);
      const from = field.relationFromFields.map((fieldName) => column(model, fieldName));
      const to = (field.relationToFields ?? []).map((fieldName) => column(target, fieldName));
      // Prisma's defaults: optional relations SetNull, required ones Restrict; updates Cascade.
      const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
      const onUpdate = field.relationOnUpdate ?? "Cascade";
      facts.push(
        `foreign key ${name(undefined, `${table(model)}_${from.join("_")}_fkey`)} ${table(model)}(${from.join(", ")}) -> ${table(target)}(${to.join(", ")})` +
          ` on delete ${REFERENTIAL_ACTIONS[onDelete]} on update ${REFERENTIAL_ACTIONS[onUpdate]}`,
      );
    }
  }
  for (const index of datamodel.indexes) {
    const model = models.get(index.model);
    if (!model) throw new Error(`Unknown model ${index.model}`);
    const columns = index.fields.map((field) => column(model, field.name));
    const on = `on ${table(model)}(${columns.join(", ")})`;
    if (index.type === "id") facts.push(`primary key ${name(index.dbName ?? model.primaryKey?.name, `${table(model)}_pkey`)} ${on}`);
    else if (index.type === "unique") facts.push(`unique index ${name(index.dbName, `${table(model)}_${columns.join("_")}_key`)} ${on}`);
    else if (index.type === "normal") facts.push(`index ${name(index.dbName, `${table(model)}_${columns.join("_")}_idx`)} ${on}`);
    else throw new Error(`The drift test does not handle ${index.type} indexes yet`);
  }
  return facts.sort();
}

function columnType(field: DmmfField, enumNames: Map<string, string>): string {
  if (field.kind === "enum") return `${quoteIdent(enumNames.get(field.type) ?? field.type)}${field.isList ? "[]" : ""}`;
  if (field.nativeType) throw new Error(`The drift test does not map native type @db.${field.nativeType[0]} yet (${field.name})`);
  const type = SCALAR_TYPES[field.type];
  if (!type) throw new Error(`The drift test does not map Prisma type ${field.type} yet (${field.name})`);
  return field.isList ? `${type}[]` : type;
}

/** The default as pg_get_expr prints it, "autoincrement" for a sequence, "-" for none. */
function declaredDefault(field: DmmfField, type: string): string {
  if (!field.hasDefaultValue) return "-";
  const value = field.default;
  if (typeof value === "object" && value !== null && "name" in value) {
    const fn = (value as { name: string }).name;
    if (fn === "autoincrement") return "autoincrement";
    if (fn === "now") return "CURRENT_TIMESTAMP";
    if (fn === "dbgenerated") return `dbgenerated`;
    // cuid(), uuid(), nanoid(), ulid(): filled in by Prisma Client, nothing in the database.
    return "-";
  }
  // The DMMF carries BigInt and Decimal defaults as strings; PostgreSQL prints them bare.
  if (typeof value === "string" && (field.type === "BigInt" || field.type === "Decimal")) return value;
  // Text and enum literals print with a cast: ''::text, 'MEMBER'::"Role".
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'::${type}`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`The drift test does not map default ${JSON.stringify(value)} yet (${field.name})`);
}

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

// ---- actual: the catalog of a migrated database ----

export async function databaseFacts(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const facts: string[] = [];
    const tables = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`,
    );
    for (const row of tables.rows) facts.push(`table ${row.name}`);

    const columns = await client.query<{ tbl: string; col: string; type: string; not_null: boolean; def: string | null }>(
      `SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS def
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
          AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    for (const row of columns.rows) {
      const def = row.def === null ? "-" : /^nextval\(/.test(row.def) ? "autoincrement" : row.def;
      facts.push(`column ${row.tbl}.${row.col} ${row.type} ${row.not_null ? "NOT NULL" : "NULL"} default ${def}`);
    }

    const indexes = await client.query<{ tbl: string; name: string; is_unique: boolean; is_primary: boolean; cols: string[] }>(
      `SELECT t.relname AS tbl, i.relname AS name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
              ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS cols
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`,
    );
    for (const row of indexes.rows) {
      const kind = row.is_primary ? "primary key" : row.is_unique ? "unique index" : "index";
      facts.push(`${kind} ${row.name} on ${row.tbl}(${row.cols.join(", ")})`);
    }

    const foreignKeys = await client.query<{ name: string; tbl: string; cols: string[]; ref: string; ref_cols: string[]; del: string; upd: string }>(
      `SELECT con.conname AS name, t.relname AS tbl, r.relname AS ref,
              ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS cols,
              ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_cols,
              con.confdeltype AS del, con.confupdtype AS upd
         FROM pg_constraint con
         JOIN pg_class t ON t.oid = con.conrelid
         JOIN pg_class r ON r.oid = con.confrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE con.contype = 'f' AND n.nspname = current_schema()`,
    );
    const action: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
    for (const row of foreignKeys.rows) {
      facts.push(
        `foreign key ${row.name} ${row.tbl}(${row.cols.join(", ")}) -> ${row.ref}(${row.ref_cols.join(", ")})` +
          ` on delete ${action[row.del]} on update ${action[row.upd]}`,
      );
    }

    const enums = await client.query<{ name: string; labels: string[] }>(
      `SELECT t.typname AS name, ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS labels
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' AND n.nspname = current_schema()`,
    );
    for (const row of enums.rows) facts.push(`enum ${row.name} (${row.labels.join(", ")})`);
    return facts.sort();
  } finally {
    await client.end();
  }
}

/** Facts only one side has. Empty lists mean no drift. */
export function compareFacts(declared: string[], actual: string[]): { missingInDatabase: string[]; notInSchema: string[] } {
  const actualSet = new Set(actual);
  const declaredSet = new Set(declared);
  return {
    missingInDatabase: declared.filter((fact) => !actualSet.has(fact)),
    notInSchema: actual.filter((fact) => !declaredSet.has(fact)),
  };
}
