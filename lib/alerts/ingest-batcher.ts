import type { IngestedAlert, IngestResult } from "./ingest-alerts";
import type { NormalizedAlert } from "./types";

/** Most alerts committed in one transaction; larger bursts are split across several. */
export const MAX_ALERTS_PER_COMMIT = 2_000;

interface Submission {
  alerts: NormalizedAlert[];
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

export type IngestFn = (alerts: NormalizedAlert[]) => Promise<IngestResult>;

/**
 * Group commit for webhook ingestion. Requests that arrive while a transaction is running wait
 * and are then committed together in the next one, so a burst of N requests costs a few
 * transactions instead of N serialized ones. Each request still gets its own result, and if a
 * shared transaction fails, its requests are retried one by one so one bad request cannot fail
 * the others.
 */
export class IngestBatcher {
  private queue: Submission[] = [];
  private draining = false;

  constructor(
    private readonly ingest: IngestFn,
    private readonly maxAlertsPerCommit = MAX_ALERTS_PER_COMMIT,
  ) {}

  submit(alerts: NormalizedAlert[]): Promise<IngestResult> {
    return new Promise<IngestResult>((resolve, reject) => {
      this.queue.push({ alerts, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch: Submission[] = [];
        let size = 0;
        while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0]!.alerts.length <= this.maxAlertsPerCommit)) {
          const next = this.queue.shift()!;
          batch.push(next);
          size += next.alerts.length;
        }
        await this.commit(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Submission[]): Promise<void> {
    if (batch.length === 1) {
      const only = batch[0]!;
      await this.ingest(only.alerts).then(only.resolve, only.reject);
      return;
    }
    let result: IngestResult;
    try {
      result = await this.ingest(batch.flatMap((s) => s.alerts));
    } catch {
      for (const submission of batch) await this.ingest(submission.alerts).then(submission.resolve, submission.reject);
      return;
    }
    let offset = 0;
    for (const submission of batch) {
      const alerts: IngestedAlert[] = result.alerts.slice(offset, offset + submission.alerts.length);
      offset += submission.alerts.length;
      const mine = new Set(alerts.map((a) => a.incidentId).filter((id): id is string => id !== null));
      submission.resolve({ alerts, incidentIds: result.incidentIds.filter((id) => mine.has(id)) });
    }
  }
}
