-- An alert has a life: active until expiresAt, corrected (revision + 1), or retracted.
-- AlterTable: alerts sent before this migration were active for the default hour.
ALTER TABLE "Alerts" ADD COLUMN "expiresAt" TIMESTAMP(3);
UPDATE "Alerts" SET "expiresAt" = "sentAt" + INTERVAL '1 hour';
ALTER TABLE "Alerts" ALTER COLUMN "expiresAt" SET NOT NULL;
ALTER TABLE "Alerts" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Alerts" ADD COLUMN "correctedAt" TIMESTAMP(3);
ALTER TABLE "Alerts" ADD COLUMN "retractedAt" TIMESTAMP(3);
ALTER TABLE "Alerts" ADD COLUMN "retractReason" TEXT;

-- CreateIndex
CREATE INDEX "Alerts_expiresAt_idx" ON "Alerts"("expiresAt");
