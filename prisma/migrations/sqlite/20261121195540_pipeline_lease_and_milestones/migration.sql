-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "approvedAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "closedAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "detectedAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "diagnosedAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "escalatedAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "leaseExpiresAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Incident" ADD COLUMN "nextRunAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "proposedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Incident_nextRunAt_idx" ON "Incident"("nextRunAt");
