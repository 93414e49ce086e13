-- CreateTable
CREATE TABLE "AutopilotPolicy" (
    "namespace" TEXT NOT NULL,
    "maxRisk" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutopilotPolicy_pkey" PRIMARY KEY ("namespace")
);
