-- CreateTable
CREATE TABLE "MitigationTransaction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "targetService" TEXT,
    "actions" JSONB NOT NULL,
    "phase" TEXT NOT NULL,
    "health" JSONB NOT NULL,
    "verdict" JSONB,
    "operatorUndo" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MitigationTransaction_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MitigationActionStep" (
    "transactionId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "action" JSONB NOT NULL,
    "undoRecord" JSONB,
    "execution" JSONB,
    "undo" JSONB,

    PRIMARY KEY ("transactionId", "index"),
    CONSTRAINT "MitigationActionStep_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "MitigationTransaction" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WriteLock" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "MitigationTransaction_incidentId_idx" ON "MitigationTransaction"("incidentId");

-- CreateIndex
CREATE INDEX "MitigationTransaction_phase_idx" ON "MitigationTransaction"("phase");
