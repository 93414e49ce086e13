-- CreateTable
CREATE TABLE "ServiceSpecSnapshot" (
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "seenAt" DATETIME NOT NULL,

    PRIMARY KEY ("cluster", "namespace", "name")
);
