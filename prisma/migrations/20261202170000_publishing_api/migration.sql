-- Publishing tokens and idempotent sends (issue 13, docs/API.md).

-- CreateTable
CREATE TABLE "ApiTokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiTokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKeys" (
    "senderKey" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKeys_pkey" PRIMARY KEY ("senderKey","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiTokens_name_key" ON "ApiTokens"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiTokens_secretHash_key" ON "ApiTokens"("secretHash");

-- CreateIndex
CREATE INDEX "IdempotencyKeys_createdAt_idx" ON "IdempotencyKeys"("createdAt");

-- AddForeignKey
ALTER TABLE "ApiTokens" ADD CONSTRAINT "ApiTokens_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotencyKeys" ADD CONSTRAINT "IdempotencyKeys_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
