-- Web Push (docs/PUSH.md): registered devices, one outbox row per alert change, and the
-- per-device deliveries a worker expands it into.
-- CreateTable
CREATE TABLE "PushSubscriptions" (
    "id" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "p256dh" TEXT NOT NULL,
    "auth" TEXT NOT NULL,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PushSubscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushOutbox" (
    "id" BIGSERIAL NOT NULL,
    "alertId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "channels" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expandedAt" TIMESTAMP(3),
    "devices" INTEGER,

    CONSTRAINT "PushOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushDeliveries" (
    "id" BIGSERIAL NOT NULL,
    "outboxId" BIGINT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,

    CONSTRAINT "PushDeliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PushSubscriptions_endpoint_key" ON "PushSubscriptions"("endpoint");

-- CreateIndex
CREATE INDEX "PushSubscriptions_userId_idx" ON "PushSubscriptions"("userId");

-- CreateIndex
CREATE INDEX "PushOutbox_expandedAt_idx" ON "PushOutbox"("expandedAt");

-- CreateIndex
CREATE INDEX "PushDeliveries_availableAt_idx" ON "PushDeliveries"("availableAt");

-- CreateIndex
CREATE INDEX "PushDeliveries_subscriptionId_idx" ON "PushDeliveries"("subscriptionId");

-- CreateIndex
CREATE UNIQUE INDEX "PushDeliveries_outboxId_subscriptionId_key" ON "PushDeliveries"("outboxId", "subscriptionId");

-- AddForeignKey
ALTER TABLE "PushSubscriptions" ADD CONSTRAINT "PushSubscriptions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "Users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushOutbox" ADD CONSTRAINT "PushOutbox_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushDeliveries" ADD CONSTRAINT "PushDeliveries_outboxId_fkey" FOREIGN KEY ("outboxId") REFERENCES "PushOutbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushDeliveries" ADD CONSTRAINT "PushDeliveries_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "PushSubscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
