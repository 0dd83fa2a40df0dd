import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/db/embedded-postgres";
import { applyMigrations } from "@/server/db/migrate";
import { loadDatamodel, SCHEMA_PATH } from "./support/declared-schema";
import { compareFacts, databaseFacts, declaredFacts } from "./support/schema-facts";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

// Migrations are written by hand (no schema engine offline), so nothing else notices when
// prisma/schema.prisma and prisma/migrations/ disagree. This test does: it migrates an empty
// database and compares its catalog with what Prisma reads from the schema.

describe("schema drift", () => {
  let dataDir: string;
  let postgres: EmbeddedPostgres;
  let actual: string[];

  beforeAll(async () => {
    dataDir = makeTempDir("drift");
    postgres = await startEmbeddedPostgres({ dataDir });
    await applyMigrations(postgres.connectionString);
    actual = await databaseFacts(postgres.connectionString);
  });
  afterAll(async () => {
    await postgres.close();
    removeTempDir(dataDir);
  });

  it("the migrated database is exactly what schema.prisma declares", async () => {
    const declared = declaredFacts(await loadDatamodel());

    // On failure: write a new migration for the schema change (docs/DATABASE.md), or fix the schema.
    expect(compareFacts(declared, actual)).toEqual({ missingInDatabase: [], notInSchema: [] });
    // A sanity floor, so an empty comparison cannot pass for a real one.
    expect(declared.filter((fact) => fact.startsWith("table "))).toHaveLength(15);
    expect(declared).toContain("foreign key Alerts_senderId_fkey Alerts(senderId) -> Users(id) on delete SET NULL on update CASCADE");
  });

  // The comparison must catch each kind of edit someone could make to the schema alone.
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const edits: { edit: string; from: string | RegExp; to: string; expected: { missingInDatabase: string[]; notInSchema: string[] } }[] = [
    {
      edit: "a new column",
      from: "  passwordHash    String\n",
      to: "  passwordHash    String\n  avatarUrl       String?\n",
      expected: { missingInDatabase: ["column Users.avatarUrl text NULL default -"], notInSchema: [] },
    },
    {
      edit: "a changed default",
      from: "position        Int                       @default(0)",
      to: "position        Int                       @default(1)",
      expected: {
        missingInDatabase: ["column SubscriptionTypes.position integer NOT NULL default 1"],
        notInSchema: ["column SubscriptionTypes.position integer NOT NULL default 0"],
      },
    },
    {
      edit: "a column made optional",
      from: "  summary     String\n",
      to: "  summary     String?\n",
      expected: { missingInDatabase: ["column Stories.summary text NULL default -"], notInSchema: ["column Stories.summary text NOT NULL default -"] },
    },
    {
      edit: "a changed delete action",
      from: "sender        User?           @relation(fields: [senderId], references: [id], onDelete: SetNull)",
      to: "sender        User?           @relation(fields: [senderId], references: [id], onDelete: Cascade)",
      expected: {
        missingInDatabase: ["foreign key Alerts_senderId_fkey Alerts(senderId) -> Users(id) on delete CASCADE on update CASCADE"],
        notInSchema: ["foreign key Alerts_senderId_fkey Alerts(senderId) -> Users(id) on delete SET NULL on update CASCADE"],
      },
    },
    {
      edit: "a new index",
      from: "  @@index([sentAt])\n",
      to: "  @@index([sentAt])\n  @@index([senderId])\n",
      expected: { missingInDatabase: ["index Alerts_senderId_idx on Alerts(senderId)"], notInSchema: [] },
    },
    {
      edit: "a new enum value",
      from: "  MEMBER\n  ADMIN\n",
      to: "  MEMBER\n  EDITOR\n  ADMIN\n",
      expected: { missingInDatabase: ["enum Role (MEMBER, EDITOR, ADMIN)"], notInSchema: ["enum Role (MEMBER, ADMIN)"] },
    },
    {
      edit: "a changed type",
      from: "  recipients      Int    @default(0)",
      to: "  recipients      BigInt @default(0)",
      expected: {
        missingInDatabase: ["column AlertDeliveries.recipients bigint NOT NULL default 0"],
        notInSchema: ["column AlertDeliveries.recipients integer NOT NULL default 0"],
      },
    },
  ];

  const withoutStories = schema.replace(/\/\/\/ A news story[\s\S]*?@@map\("Stories"\)\n\}\n/, "");
  // Each variant costs one `prisma generate` (about 2 s): read them all up front, two at a time.
  const variants = new Map<string, Promise<string[]>>();
  beforeAll(async () => {
    const texts = [...edits.map(({ from, to }) => schema.replace(from, to)), withoutStories];
    for (let i = 0; i < texts.length; i += 2) {
      const batch = texts.slice(i, i + 2).map((text) => [text, loadDatamodel(text).then(declaredFacts)] as const);
      batch.forEach(([text, facts]) => variants.set(text, facts));
      await Promise.allSettled(batch.map(([, facts]) => facts));
    }
  });

  it.each(edits)("notices $edit made to schema.prisma only", async ({ from, to, expected }) => {
    expect(schema).toMatch(from);
    const declared = await variants.get(schema.replace(from, to));

    expect(compareFacts(declared ?? [], actual)).toEqual(expected);
  });

  it("notices a table the migrations create that the schema does not declare", async () => {
    expect(withoutStories).not.toContain("model Story");
    const { notInSchema } = compareFacts((await variants.get(withoutStories)) ?? [], actual);

    expect(notInSchema).toContain("table Stories");
    expect(notInSchema).toContain("unique index Stories_slug_key on Stories(slug)");
  });
});
