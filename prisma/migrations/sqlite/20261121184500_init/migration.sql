-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "externalId" TEXT,
    "fingerprint" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "cluster" TEXT,
    "namespace" TEXT,
    "service" TEXT,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "generatorUrl" TEXT,
    "raw" JSONB NOT NULL,
    "receivedCount" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "incidentId" TEXT,
    CONSTRAINT "Alert_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "cluster" TEXT,
    "namespace" TEXT,
    "service" TEXT,
    "groupKey" TEXT NOT NULL,
    "triggeredAt" DATETIME NOT NULL,
    "lastAlertAt" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME,
    "mitigatedAt" DATETIME,
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Alert_fingerprint_status_idx" ON "Alert"("fingerprint", "status");

-- CreateIndex
CREATE INDEX "Alert_incidentId_idx" ON "Alert"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_source_fingerprint_startsAt_key" ON "Alert"("source", "fingerprint", "startsAt");

-- CreateIndex
CREATE INDEX "Incident_groupKey_resolvedAt_idx" ON "Incident"("groupKey", "resolvedAt");

-- CreateIndex
CREATE INDEX "Incident_resolvedAt_triggeredAt_idx" ON "Incident"("resolvedAt", "triggeredAt");

-- CreateIndex
CREATE INDEX "IncidentEvent_incidentId_id_idx" ON "IncidentEvent"("incidentId", "id");
