-- CreateTable
CREATE TABLE "AutopilotPolicy" (
    "namespace" TEXT NOT NULL PRIMARY KEY,
    "maxRisk" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
