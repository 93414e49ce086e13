/**
 * Error signatures in sampled container logs: the lines an app prints when a dependency is down,
 * DNS is wrong, credentials are refused, the image is broken or memory runs out.
 */
import type { Analyzer, FaultCategory, Finding } from "./types";

const ANALYZER = "log-signatures";
/** Matching lines quoted per finding. */
const MAX_QUOTED_LINES = 3;

export interface LogSignature {
  id: string;
  title: string;
  pattern: RegExp;
  category: FaultCategory;
}

/** Known signatures, most specific first; a line counts for the first one it matches. */
export const LOG_SIGNATURES: readonly LogSignature[] = [
  { id: "connection-refused", title: "connection refused by a dependency", pattern: /connection refused|ECONNREFUSED/i, category: { systemLevel: "Application", faultType: "Dependency Problem" } },
  { id: "no-such-host", title: "DNS lookup failure (no such host)", pattern: /no such host|ENOTFOUND|Name or service not known|Temporary failure in name resolution/i, category: { systemLevel: "Application", faultType: "Misconfiguration" } },
  { id: "auth-failed", title: "authentication or authorization failure", pattern: /authentication failed|not authorized|unauthorized|permission denied for|access denied|invalid password|401 Unauthorized|403 Forbidden/i, category: { systemLevel: "Application", faultType: "Authentication Issue" } },
  { id: "timeout", title: "timeouts calling a dependency", pattern: /timed? ?out|deadline exceeded|ETIMEDOUT|i\/o timeout/i, category: { systemLevel: "Virtualization", faultType: "Network/Storage Issue" } },
  { id: "module-not-found", title: "missing code module (Cannot find module)", pattern: /Cannot find module|ModuleNotFoundError|ClassNotFoundException|ImportError/i, category: { systemLevel: "Application", faultType: "Code Defect" } },
  { id: "exec-not-found", title: "executable not found in the image", pattern: /executable file not found|exec format error|command not found/i, category: { systemLevel: "Application", faultType: "Misconfiguration" } },
  { id: "out-of-memory", title: "out of memory", pattern: /out of memory|OutOfMemoryError|\bOOM\b|heap limit|Cannot allocate memory/i, category: { systemLevel: "Application", faultType: "Misconfiguration" } },
];

/** One finding per pod container and signature found in its log sample. */
export const logSignaturesAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "error signatures in sampled logs: connection refused, no such host, timeouts, auth failures, Cannot find module, executable not found, OOM",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const sample of snapshot.logSamples) {
      const hits = new Map<LogSignature, string[]>();
      for (const line of sample.lines) {
        const signature = LOG_SIGNATURES.find((s) => s.pattern.test(line));
        if (!signature) continue;
        const lines = hits.get(signature) ?? [];
        lines.push(line);
        hits.set(signature, lines);
      }
      const pod = snapshot.pods.find((p) => p.metadata?.name === sample.pod);
      const labels = pod?.metadata?.labels ?? {};
      const service = labels["app.kubernetes.io/name"] ?? labels.app;
      for (const [signature, lines] of hits) {
        findings.push({
          id: `log-${signature.id}:${snapshot.namespace}/${sample.pod}/${sample.container}`,
          analyzer: ANALYZER,
          severity: "warning",
          object: { kind: "Pod", namespace: snapshot.namespace, name: sample.pod },
          ...(service ? { service } : {}),
          title: `${sample.pod}: ${signature.title} in ${sample.previous ? "the previous instance's " : ""}log of ${sample.container}`,
          detail: `${lines.length} of ${sample.lines.length} sampled line(s) match.`,
          evidence: lines.slice(-MAX_QUOTED_LINES),
          suggestedCategory: signature.category,
        });
      }
    }
    return findings;
  },
};
