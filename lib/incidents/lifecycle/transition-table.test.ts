import { describe, expect, it } from "vitest";
import { LIFECYCLE_EVENT_TYPES, type LifecycleEvent, type LifecycleEventType } from "./events";
import {
  AGENT_OWNED_STATES,
  LIFECYCLE_STATES,
  MILESTONE_TIMESTAMP_FIELDS,
  type LifecycleState,
  type MilestoneTimestampField,
} from "./states";
import { SAMPLE_EVENTS } from "./testing/sample-events";
import {
  DEFAULT_MAX_MITIGATION_ATTEMPTS,
  TRANSITION_TABLE,
  countFailedAttempts,
  listTransitions,
  transition,
  type GuardName,
  type TransitionAccepted,
  type TransitionContext,
} from "./transition-table";

const T0 = new Date("2026-01-01T00:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function context(overrides: Partial<TransitionContext> = {}): TransitionContext {
  return {
    now: T0,
    failedAttempts: 0,
    maxAttempts: DEFAULT_MAX_MITIGATION_ATTEMPTS,
    firingAlerts: 1,
    hasUndoableTransaction: false,
    timestamps: {},
    ...overrides,
  };
}

/** A context in which `guard` holds. */
const GUARD_CONTEXT: Record<GuardName, Partial<TransitionContext>> = {
  attemptsLeft: { failedAttempts: 0 },
  attemptsExhausted: { failedAttempts: DEFAULT_MAX_MITIGATION_ATTEMPTS },
  alertsFiring: { firingAlerts: 2 },
  alertsClear: { firingAlerts: 0 },
  undoableTransaction: { hasUndoableTransaction: true },
};

function accepted(result: ReturnType<typeof transition>): TransitionAccepted {
  if (!result.ok) throw new Error(`expected acceptance, got refusal: ${result.reason}`);
  return result;
}

/**
 * Plays the caller's part: derives the context from what it stored (event log, alerts, undo
 * records), applies each event and stores the result, the way the pipeline will.
 */
class IncidentUnderTest {
  state: string;
  timestamps: Partial<Record<MilestoneTimestampField, Date>> = {};
  log: LifecycleEventType[] = [];
  firingAlerts = 2;
  hasUndoableTransaction = false;
  readonly states: string[] = [];

  constructor(state: string = "DETECTING") {
    this.state = state;
    this.states.push(state);
  }

  apply(type: LifecycleEventType, now: Date, maxAttempts = DEFAULT_MAX_MITIGATION_ATTEMPTS): TransitionAccepted {
    const event: LifecycleEvent = SAMPLE_EVENTS[type];
    const result = accepted(
      transition(this.state, event, {
        now,
        failedAttempts: countFailedAttempts(this.log),
        maxAttempts,
        firingAlerts: this.firingAlerts,
        hasUndoableTransaction: this.hasUndoableTransaction,
        timestamps: this.timestamps,
      }),
    );
    this.state = result.next;
    this.timestamps = { ...this.timestamps, ...result.timestamps };
    this.log.push(type);
    if (type === "validation.committed" || type === "undo.aborted") this.hasUndoableTransaction = true;
    if (type === "undo.completed") this.hasUndoableTransaction = false;
    if (result.changed) this.states.push(result.next);
    return result;
  }

  /** Applies events one minute apart, starting at `start` minutes. */
  applyAll(types: LifecycleEventType[], start = 1): this {
    types.forEach((type, index) => this.apply(type, at(start + index)));
    return this;
  }
}

const ONE_ATTEMPT: LifecycleEventType[] = [
  "diagnosis.completed",
  "mitigation.proposed",
  "approval.granted",
  "execution.started",
  "execution.completed",
];

describe("transition table", () => {
  describe.each(listTransitions().map(({ from, eventType, rule }) => ({ from, eventType, rule, label: `${from} --${eventType}${rule.guard ? ` [${rule.guard}]` : ""}--> ${rule.to}` })))(
    "$label",
    ({ from, eventType, rule }) => {
      it("is accepted and leads to the table's target", () => {
        const result = accepted(transition(from, SAMPLE_EVENTS[eventType], context(rule.guard ? GUARD_CONTEXT[rule.guard] : {})));
        expect(result.next).toBe(rule.to);
        expect(result.from).toBe(from);
        expect(result.changed).toBe(rule.to !== from);
        expect(result.guard).toBe(rule.guard ?? null);
      });
    },
  );

  it("refuses every state x event pair not in the table, naming the state and the event", () => {
    let refused = 0;
    for (const state of LIFECYCLE_STATES) {
      for (const eventType of LIFECYCLE_EVENT_TYPES) {
        if (TRANSITION_TABLE[state][eventType]) continue;
        for (const overrides of Object.values(GUARD_CONTEXT)) {
          const result = transition(state, SAMPLE_EVENTS[eventType], context(overrides));
          expect(result.ok, `${state} x ${eventType}`).toBe(false);
          if (!result.ok) expect(result.reason).toContain(`${state} does not accept ${eventType}`);
        }
        refused += 1;
      }
    }
    expect(refused).toBe(LIFECYCLE_STATES.length * LIFECYCLE_EVENT_TYPES.length - countPairsInTable());
    expect(refused).toBeGreaterThan(250);
  });

  it("has guarded pairs whose guards cover every context, except the undo guard which refuses by design", () => {
    for (const { from, eventType } of listTransitions()) {
      const rules = TRANSITION_TABLE[from][eventType] ?? [];
      if (rules.every((rule) => rule.guard === "undoableTransaction")) continue;
      for (const failedAttempts of [0, 1, 2, 3, 7]) {
        for (const firingAlerts of [0, 3]) {
          const result = transition(from, SAMPLE_EVENTS[eventType], context({ failedAttempts, firingAlerts }));
          expect(result.ok, `${from} x ${eventType}`).toBe(true);
        }
      }
    }
  });

  it("only reaches states that exist, and every state is reachable from DETECTING", () => {
    const reachable = new Set<LifecycleState>(["DETECTING"]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const { from, rule } of listTransitions()) {
        if (reachable.has(from) && !reachable.has(rule.to)) {
          reachable.add(rule.to);
          grew = true;
        }
      }
    }
    expect([...reachable].sort()).toEqual([...LIFECYCLE_STATES].sort());
  });

  it("accepts recovery.resumed, without a state change, in exactly the agent-owned states", () => {
    const accepting = LIFECYCLE_STATES.filter((state) => transition(state, SAMPLE_EVENTS["recovery.resumed"], context()).ok);
    expect(accepting).toEqual([...AGENT_OWNED_STATES]);
    for (const state of accepting) expect(accepted(transition(state, SAMPLE_EVENTS["recovery.resumed"], context())).changed).toBe(false);
  });
});

function countPairsInTable(): number {
  return LIFECYCLE_STATES.reduce((sum, state) => sum + Object.keys(TRANSITION_TABLE[state]).length, 0);
}

describe("happy path", () => {
  it("goes from the webhook to RESOLVED, recording every milestone once at its time", () => {
    const incident = new IncidentUnderTest();
    incident.applyAll(["detection.confirmed", ...ONE_ATTEMPT]); // minutes 1..6
    expect(incident.state).toBe("VALIDATING");
    incident.apply("validation.committed", at(10));
    expect(incident.state).toBe("MITIGATED");
    incident.firingAlerts = 0;
    incident.apply("alerts.cleared", at(15));

    expect(incident.states).toEqual(["DETECTING", "DIAGNOSING", "PROPOSED", "AWAITING_APPROVAL", "MITIGATING", "VALIDATING", "MITIGATED", "RESOLVED"]);
    expect(incident.timestamps).toEqual({
      detectedAt: at(1),
      diagnosedAt: at(2),
      proposedAt: at(3),
      approvedAt: at(4),
      mitigatedAt: at(10),
      resolvedAt: at(15),
      closedAt: at(15),
    });
  });

  it("resolves directly on commit when the alerts already cleared during validation, still recording mitigatedAt", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", ...ONE_ATTEMPT]);
    incident.firingAlerts = 0;
    expect(incident.apply("alerts.cleared", at(8)).changed).toBe(false);
    const commit = incident.apply("validation.committed", at(9));
    expect(commit.next).toBe("RESOLVED");
    expect(commit.guard).toBe("alertsClear");
    expect(commit.timestamps).toEqual({ mitigatedAt: at(9), resolvedAt: at(9), closedAt: at(9) });
  });

  it("treats auto-approval like an operator's", () => {
    const event: LifecycleEvent = { type: "approval.granted", payload: { transactionId: "tx-1", by: "autopilot:low-risk", auto: true } };
    expect(accepted(transition("AWAITING_APPROVAL", event, context())).next).toBe("MITIGATING");
  });

  it("escalates a committed fix whose alerts never clear", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", ...ONE_ATTEMPT, "validation.committed", "alerts.clearance_timeout"]);
    expect(incident.state).toBe("ESCALATED");
    expect(incident.timestamps.mitigatedAt).toEqual(at(7));
    expect(incident.timestamps.escalatedAt).toEqual(at(8));
  });
});

describe("rollback loop", () => {
  const regressedAttempt: LifecycleEventType[] = [...ONE_ATTEMPT, "validation.regressed", "rollback.completed", "rollback.reviewed"];

  it("rolls back and diagnoses again until the attempts are exhausted, then escalates", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed"]);
    incident.applyAll(regressedAttempt, 10);
    expect(incident.state).toBe("DIAGNOSING");
    incident.applyAll(regressedAttempt, 20);
    expect(incident.state).toBe("DIAGNOSING");
    incident.applyAll(regressedAttempt.slice(0, -1), 30);
    expect(incident.state).toBe("ROLLED_BACK");
    const review = incident.apply("rollback.reviewed", at(40));
    expect(review).toMatchObject({ next: "ESCALATED", guard: "attemptsExhausted", failedAttempts: 3 });
    expect(incident.states.filter((state) => state === "ROLLED_BACK")).toHaveLength(3);
    // First-time-only milestones: the first proposal and approval, not the last.
    expect(incident.timestamps.proposedAt).toEqual(at(11));
    expect(incident.timestamps.approvedAt).toEqual(at(12));
    expect(incident.timestamps.mitigatedAt).toBeUndefined();
    expect(incident.timestamps.escalatedAt).toEqual(at(40));
  });

  it("honours a configured maximum", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", ...regressedAttempt.slice(0, -1)]);
    expect(incident.apply("rollback.reviewed", at(30), 1).next).toBe("ESCALATED");
  });

  it("rolls back what ran when execution fails or an operator aborts", () => {
    const failed = new IncidentUnderTest().applyAll(["detection.confirmed", "diagnosis.completed", "mitigation.proposed", "approval.granted", "execution.failed"]);
    expect(failed.state).toBe("ROLLING_BACK");
    const aborted = new IncidentUnderTest().applyAll(["detection.confirmed", ...ONE_ATTEMPT, "operator.abort_requested", "rollback.completed"]);
    expect(aborted.state).toBe("ROLLED_BACK");
    expect(countFailedAttempts(aborted.log)).toBe(1);
  });

  it("escalates when the undo itself fails", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", ...ONE_ATTEMPT, "validation.regressed", "rollback.failed"]);
    expect(incident.state).toBe("ESCALATED");
  });
});

describe("reject path", () => {
  it("goes back to DIAGNOSING with the operator's reason, counting an attempt", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", "diagnosis.completed", "mitigation.proposed"]);
    const reject = incident.apply("approval.rejected", at(10));
    expect(reject).toMatchObject({ next: "DIAGNOSING", guard: "attemptsLeft", failedAttempts: 1 });
  });

  it("escalates on the rejection that exhausts the attempts", () => {
    const proposeAndReject: LifecycleEventType[] = ["diagnosis.completed", "mitigation.proposed", "approval.rejected"];
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", ...proposeAndReject, ...proposeAndReject]);
    expect(incident.state).toBe("DIAGNOSING");
    incident.applyAll(proposeAndReject, 20);
    expect(incident.state).toBe("ESCALATED");
  });

  it("lets the operator take over instead of letting the agents retry", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", "diagnosis.completed", "mitigation.proposed", "operator.escalated"]);
    expect(incident.state).toBe("ESCALATED");
  });
});

describe("noise and no safe action", () => {
  it("closes as noise from DETECTING, recording closedAt but no resolvedAt", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.noise"]);
    expect(incident.state).toBe("CLOSED_AS_NOISE");
    expect(incident.timestamps).toEqual({ closedAt: at(1) });
  });

  it("lets an operator overrule a noise verdict", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.noise", "operator.reinvestigation_requested"]);
    expect(incident.state).toBe("DIAGNOSING");
  });

  it("escalates with runbook steps when diagnosis finds no safe action (a dropped DB user)", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", "diagnosis.no_safe_action"]);
    expect(incident.state).toBe("ESCALATED");
    expect(incident.timestamps.diagnosedAt).toBeUndefined();
    incident.firingAlerts = 0;
    incident.apply("alerts.cleared", at(30));
    expect(incident.state).toBe("RESOLVED");
  });

  it("escalates when the mitigation agent finds no safe action", () => {
    expect(new IncidentUnderTest().applyAll(["detection.confirmed", "diagnosis.completed", "mitigation.no_safe_action"]).state).toBe("ESCALATED");
  });
});

describe("self-healed", () => {
  it.each<{ name: string; before: LifecycleEventType[] }>([
    { name: "while detecting", before: [] },
    { name: "while diagnosing", before: ["detection.confirmed"] },
    { name: "while the mitigation is drafted", before: ["detection.confirmed", "diagnosis.completed"] },
    { name: "while awaiting approval", before: ["detection.confirmed", "diagnosis.completed", "mitigation.proposed"] },
  ])("resolves without mitigatedAt when the alerts clear $name", ({ before }) => {
    const incident = new IncidentUnderTest().applyAll(before);
    incident.firingAlerts = 0;
    const cleared = incident.apply("alerts.cleared", at(30));
    expect(cleared.next).toBe("RESOLVED");
    expect(incident.timestamps.mitigatedAt).toBeUndefined();
    expect(incident.timestamps.resolvedAt).toEqual(at(30));
  });

  it("does not interrupt an in-flight transaction: the clearance is recorded and the commit reads it", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", "diagnosis.completed", "mitigation.proposed", "approval.granted"]);
    incident.firingAlerts = 0;
    expect(incident.apply("alerts.cleared", at(10))).toMatchObject({ next: "MITIGATING", changed: false });
    incident.firingAlerts = 1;
    expect(incident.apply("alerts.refired", at(11))).toMatchObject({ next: "MITIGATING", changed: false });
    incident.applyAll(["execution.completed", "validation.committed"], 12);
    expect(incident.state).toBe("MITIGATED");
  });
});

describe("operator undo after commit", () => {
  const committed = (): IncidentUnderTest => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", ...ONE_ATTEMPT, "validation.committed"]);
    incident.firingAlerts = 0;
    incident.apply("alerts.cleared", at(20));
    return incident;
  };

  it("undoes a resolved incident's fix, reopening it for diagnosis, and keeps the first resolvedAt", () => {
    const incident = committed();
    incident.applyAll(["operator.undo_requested", "undo.completed"], 30);
    expect(incident.state).toBe("ROLLED_BACK");
    expect(countFailedAttempts(incident.log)).toBe(1);
    incident.firingAlerts = 2;
    incident.apply("rollback.reviewed", at(40));
    expect(incident.state).toBe("DIAGNOSING");
    expect(incident.timestamps.resolvedAt).toEqual(at(20));
  });

  it("resolves again when nothing fires after the undo", () => {
    const incident = committed().applyAll(["operator.undo_requested", "undo.completed", "alerts.cleared"], 30);
    expect(incident.state).toBe("RESOLVED");
    expect(incident.timestamps.resolvedAt).toEqual(at(20));
  });

  it("returns to the committed state when TNR refuses the undo", () => {
    const resolved = committed().applyAll(["operator.undo_requested", "undo.aborted"], 30);
    expect(resolved.state).toBe("RESOLVED");
    const waiting = new IncidentUnderTest().applyAll(["detection.confirmed", ...ONE_ATTEMPT, "validation.committed", "operator.undo_requested"]);
    expect(waiting.apply("undo.aborted", at(30)).next).toBe("MITIGATED");
  });

  it("escalates when the undo cannot restore the snapshots", () => {
    expect(committed().applyAll(["operator.undo_requested", "undo.failed"], 30).state).toBe("ESCALATED");
  });

  it("refuses to undo when there is no committed transaction (self-healed)", () => {
    const result = transition("RESOLVED", SAMPLE_EVENTS["operator.undo_requested"], context({ hasUndoableTransaction: false }));
    expect(result).toEqual({ ok: false, reason: "RESOLVED accepts operator.undo_requested only when undoable transaction" });
  });
});

describe("crash recovery", () => {
  it.each<LifecycleState>(["MITIGATING", "VALIDATING", "ROLLING_BACK", "UNDOING"])("resumes %s in place and goes on from there", (state) => {
    const resumed = accepted(transition(state, SAMPLE_EVENTS["recovery.resumed"], context()));
    expect(resumed).toMatchObject({ next: state, changed: false, timestamps: {} });
  });

  it("finishes an interrupted transaction after resuming", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", "diagnosis.completed", "mitigation.proposed", "approval.granted", "execution.started"]);
    incident.applyAll(["recovery.resumed", "execution.completed", "recovery.resumed", "validation.committed"], 10);
    expect(incident.state).toBe("MITIGATED");
    expect(incident.log.filter((type) => type === "recovery.resumed")).toHaveLength(2);
  });

  it("gives up an interrupted execution by rolling back what ran", () => {
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", "diagnosis.completed", "mitigation.proposed", "approval.granted", "execution.started"]);
    incident.applyAll(["recovery.resumed", "execution.failed", "recovery.resumed", "rollback.completed"], 10);
    expect(incident.state).toBe("ROLLED_BACK");
  });
});

describe("terminal states", () => {
  it("accept nothing but the deliberate exceptions", () => {
    const accepting = (state: LifecycleState) =>
      LIFECYCLE_EVENT_TYPES.filter((type) => transition(state, SAMPLE_EVENTS[type], context({ hasUndoableTransaction: true })).ok);
    expect(accepting("RESOLVED")).toEqual(["operator.undo_requested"]);
    expect(accepting("CLOSED_AS_NOISE")).toEqual(["operator.reinvestigation_requested"]);
  });

  it("do not reopen on alerts.refired, and say why", () => {
    for (const state of ["RESOLVED", "CLOSED_AS_NOISE"] as const) {
      const result = transition(state, SAMPLE_EVENTS["alerts.refired"], context());
      expect(result).toEqual({
        ok: false,
        reason: `${state} does not accept alerts.refired (closed incidents are not reopened by alerts; a new alert opens a new incident)`,
      });
    }
  });
});

describe("timestamps", () => {
  it("are set the first time only", () => {
    const alreadySet = Object.fromEntries(MILESTONE_TIMESTAMP_FIELDS.map((field) => [field, T0]));
    for (const { from, eventType, rule } of listTransitions()) {
      const overrides = { ...(rule.guard ? GUARD_CONTEXT[rule.guard] : {}), now: at(99), timestamps: alreadySet };
      expect(accepted(transition(from, SAMPLE_EVENTS[eventType], context(overrides))).timestamps, `${from} x ${eventType}`).toEqual({});
    }
  });

  it("treat null as not set", () => {
    const result = accepted(transition("DETECTING", SAMPLE_EVENTS["detection.confirmed"], context({ now: at(5), timestamps: { detectedAt: null } })));
    expect(result.timestamps).toEqual({ detectedAt: at(5) });
  });

  it("are not set by events that keep the state", () => {
    expect(accepted(transition("DIAGNOSING", SAMPLE_EVENTS["recovery.resumed"], context())).timestamps).toEqual({});
  });
});

describe("legacy and malformed input", () => {
  it("reads a stored TRIGGERED as DETECTING", () => {
    const result = accepted(transition("TRIGGERED", SAMPLE_EVENTS["detection.confirmed"], context()));
    expect(result).toMatchObject({ from: "DETECTING", next: "DIAGNOSING" });
    expect(transition("TRIGGERED", SAMPLE_EVENTS["detection.noise"], context()).ok).toBe(true);
  });

  it("refuses unknown states and event types instead of throwing", () => {
    expect(transition("ACKNOWLEDGED", SAMPLE_EVENTS["alerts.cleared"], context())).toEqual({ ok: false, reason: 'unknown state "ACKNOWLEDGED"' });
    const unknown = { type: "alerts.exploded" } as unknown as LifecycleEvent;
    expect(transition("DETECTING", unknown, context())).toEqual({ ok: false, reason: 'DETECTING does not accept unknown event "alerts.exploded"' });
  });

  it("refuses an invalid context instead of guessing", () => {
    const event = SAMPLE_EVENTS["rollback.reviewed"];
    expect(transition("ROLLED_BACK", event, context({ maxAttempts: 0 }))).toMatchObject({ ok: false, reason: expect.stringContaining("maxAttempts") });
    expect(transition("ROLLED_BACK", event, context({ failedAttempts: -1 }))).toMatchObject({ ok: false, reason: expect.stringContaining("failedAttempts") });
    expect(transition("ROLLED_BACK", event, context({ firingAlerts: 0.5 }))).toMatchObject({ ok: false, reason: expect.stringContaining("firingAlerts") });
    expect(transition("ROLLED_BACK", event, context({ now: new Date(Number.NaN) }))).toMatchObject({ ok: false, reason: expect.stringContaining("now") });
  });

  it("names the in-flight transaction when refusing an operator action during one", () => {
    const result = transition("VALIDATING", SAMPLE_EVENTS["operator.resolved"], context());
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining("VALIDATING does not accept operator.resolved (a transaction is in flight") });
  });
});

describe("countFailedAttempts", () => {
  it("counts rejections, rollbacks and undos since the operator last handed the incident back", () => {
    expect(countFailedAttempts([])).toBe(0);
    expect(countFailedAttempts(["incident.opened", "approval.rejected", "rollback.completed", "undo.completed", "alert.attached"])).toBe(3);
    expect(countFailedAttempts(["approval.rejected", "rollback.completed", "operator.reinvestigation_requested", "approval.rejected"])).toBe(1);
  });

  it("gives a fresh budget after a handback from ESCALATED", () => {
    const regressed: LifecycleEventType[] = [...ONE_ATTEMPT, "validation.regressed", "rollback.completed", "rollback.reviewed"];
    const incident = new IncidentUnderTest().applyAll(["detection.confirmed", ...regressed, ...regressed, ...regressed]);
    expect(incident.state).toBe("ESCALATED");
    incident.applyAll(["operator.reinvestigation_requested", ...regressed], 50);
    expect(incident.state).toBe("DIAGNOSING");
  });
});
