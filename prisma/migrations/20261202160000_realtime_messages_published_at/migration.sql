-- Pruning the message log past the replay window finds the old messages through this index.
-- CreateIndex
CREATE INDEX "RealtimeMessages_publishedAt_idx" ON "RealtimeMessages"("publishedAt");
