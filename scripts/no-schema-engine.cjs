#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine binary, which cannot be downloaded offline.
// `prisma generate` only checks that the file exists; migrations use the WebAssembly engine.
console.error("schema engine binary not available offline; use npm run db:migrate");
process.exit(1);
