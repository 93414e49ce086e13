-- CreateTable
CREATE TABLE "ServiceSpecSnapshot" (
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceSpecSnapshot_pkey" PRIMARY KEY ("cluster","namespace","name")
);
