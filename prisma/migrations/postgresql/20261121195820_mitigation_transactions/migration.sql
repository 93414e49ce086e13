-- CreateTable
CREATE TABLE "MitigationTransaction" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "targetService" TEXT,
    "actions" JSONB NOT NULL,
    "phase" TEXT NOT NULL,
    "health" JSONB NOT NULL,
    "verdict" JSONB,
    "operatorUndo" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MitigationTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MitigationActionStep" (
    "transactionId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "action" JSONB NOT NULL,
    "undoRecord" JSONB,
    "execution" JSONB,
    "undo" JSONB,

    CONSTRAINT "MitigationActionStep_pkey" PRIMARY KEY ("transactionId","index")
);

-- CreateTable
CREATE TABLE "WriteLock" (
    "key" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WriteLock_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "MitigationTransaction_incidentId_idx" ON "MitigationTransaction"("incidentId");

-- CreateIndex
CREATE INDEX "MitigationTransaction_phase_idx" ON "MitigationTransaction"("phase");

-- AddForeignKey
ALTER TABLE "MitigationTransaction" ADD CONSTRAINT "MitigationTransaction_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MitigationActionStep" ADD CONSTRAINT "MitigationActionStep_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "MitigationTransaction"("id") ON DELETE CASCADE ON UPDATE CASCADE;
