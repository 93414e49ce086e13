-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "detectedAt" TIMESTAMP(3),
ADD COLUMN     "diagnosedAt" TIMESTAMP(3),
ADD COLUMN     "escalatedAt" TIMESTAMP(3),
ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "nextRunAt" TIMESTAMP(3),
ADD COLUMN     "proposedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Incident_nextRunAt_idx" ON "Incident"("nextRunAt");
