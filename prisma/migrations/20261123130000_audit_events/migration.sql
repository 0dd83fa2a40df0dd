-- CreateTable
CREATE TABLE "AuditEvents" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "requestId" TEXT,

    CONSTRAINT "AuditEvents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEvents_at_id_idx" ON "AuditEvents"("at", "id");

-- AddForeignKey
ALTER TABLE "AuditEvents" ADD CONSTRAINT "AuditEvents_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
