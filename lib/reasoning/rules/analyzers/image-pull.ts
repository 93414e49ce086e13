/** Image pull failures: ErrImagePull / ImagePullBackOff / InvalidImageName, with the image and the registry's answer. */
import type { Analyzer, Finding } from "./types";
import { eventEvidence, eventsAbout, podObject, serviceOfPod } from "./snapshot-queries";

const ANALYZER = "image-pull";
const PULL_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]);
const AUTH_FAILURE = /unauthorized|authentication required|denied|forbidden|401|403/i;

/** One finding per container that cannot get its image. */
export const imagePullAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "containers that cannot pull their image (ErrImagePull, ImagePullBackOff, InvalidImageName)",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const pod of snapshot.pods) {
      const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
      for (const status of statuses) {
        const waiting = status.state?.waiting;
        if (!waiting?.reason || !PULL_REASONS.has(waiting.reason)) continue;
        const name = pod.metadata?.name ?? "";
        const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === status.name);
        const image = spec?.image ?? status.image;
        const pullEvents = eventsAbout(snapshot, "Pod", name, "Failed").filter((e) => /pull|image/i.test(e.message ?? "")).slice(0, 2).map(eventEvidence);
        const text = `${waiting.message ?? ""} ${pullEvents.join(" ")}`;
        const service = serviceOfPod(pod, snapshot);
        findings.push({
          id: `image-pull:${pod.metadata?.namespace ?? ""}/${name}/${status.name}`,
          analyzer: ANALYZER,
          severity: "critical",
          object: podObject(pod),
          ...(service ? { service } : {}),
          title: `${name}: container ${status.name} cannot pull image ${image} (${waiting.reason})`,
          detail: AUTH_FAILURE.test(text) ? "The registry refused the pull: credentials (imagePullSecrets) are missing or wrong." : "The image or tag does not exist in the registry, or the reference is malformed.",
          evidence: [`image=${image}`, `container ${status.name} waiting: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""}`, ...pullEvents],
          suggestedCategory: { systemLevel: "Application", faultType: AUTH_FAILURE.test(text) ? "Authentication Issue" : "Misconfiguration" },
        });
      }
    }
    return findings;
  },
};
