-- CreateEnum
CREATE TYPE "Role" AS ENUM ('MEMBER', 'ADMIN');

-- CreateTable
CREATE TABLE "Users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'MEMBER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionTypes" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "channelName" TEXT NOT NULL,
    "channelResource" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionTypes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscriptions" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionSelections" (
    "subscriptionId" TEXT NOT NULL,
    "subscriptionTypeId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionSelections_pkey" PRIMARY KEY ("subscriptionId","subscriptionTypeId")
);

-- CreateTable
CREATE TABLE "RealtimeMessages" (
    "id" BIGSERIAL NOT NULL,
    "channelName" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL DEFAULT '',
    "payload" JSONB NOT NULL,
    "publisher" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RealtimeMessages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alerts" (
    "id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "color" TEXT NOT NULL,
    "channels" JSONB NOT NULL,
    "senderId" TEXT,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDeliveries" (
    "alertId" TEXT NOT NULL,
    "channelName" TEXT NOT NULL,
    "channelResource" TEXT NOT NULL DEFAULT '',
    "messageId" BIGINT NOT NULL,
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AlertDeliveries_pkey" PRIMARY KEY ("alertId","channelName","channelResource")
);

-- CreateTable
CREATE TABLE "Stories" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Stories_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Users_email_key" ON "Users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionTypes_channelName_channelResource_key" ON "SubscriptionTypes"("channelName", "channelResource");

-- CreateIndex
CREATE INDEX "SubscriptionSelections_subscriptionTypeId_idx" ON "SubscriptionSelections"("subscriptionTypeId");

-- CreateIndex
CREATE INDEX "RealtimeMessages_channelName_resourceId_id_idx" ON "RealtimeMessages"("channelName", "resourceId", "id");

-- CreateIndex
CREATE INDEX "Alerts_sentAt_idx" ON "Alerts"("sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDeliveries_messageId_key" ON "AlertDeliveries"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "Stories_slug_key" ON "Stories"("slug");

-- CreateIndex
CREATE INDEX "Stories_publishedAt_idx" ON "Stories"("publishedAt");

-- AddForeignKey
ALTER TABLE "Subscriptions" ADD CONSTRAINT "Subscriptions_id_fkey" FOREIGN KEY ("id") REFERENCES "Users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionSelections" ADD CONSTRAINT "SubscriptionSelections_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionSelections" ADD CONSTRAINT "SubscriptionSelections_subscriptionTypeId_fkey" FOREIGN KEY ("subscriptionTypeId") REFERENCES "SubscriptionTypes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alerts" ADD CONSTRAINT "Alerts_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "Users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDeliveries" ADD CONSTRAINT "AlertDeliveries_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
