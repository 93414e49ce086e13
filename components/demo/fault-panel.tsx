"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { DEMO_CLOCK_SPEEDS } from "@/lib/demo/demo-views";
import { formatTimestamp } from "../format-time";
import { demoQueries, injectScenario, resetShop, setClockSpeed } from "./demo-queries";
import styles from "./fault-panel.module.css";

/**
 * The demo fault panel: with the built-in simulated cluster running, pick one of its fault
 * scenarios and inject it into the demo shop, reset the shop, or speed its clock up so alerts and
 * the whole incident loop play out in minutes. Renders nothing when the simulator is off.
 */
export function FaultPanel() {
  const queryClient = useQueryClient();
  const state = useQuery(demoQueries.state());
  const [chosen, setChosen] = useState<string>("");
  const [outcome, setOutcome] = useState<string | null>(null);
  const scenarioId = useId();
  const speedId = useId();

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["demo"] });
    // New alerts and incidents follow; the incident list picks them up sooner.
    void queryClient.invalidateQueries({ queryKey: ["incidents"] });
  };
  const inject = useMutation({
    mutationFn: (name: string) => injectScenario({ name }),
    onSuccess: (result) => {
      setOutcome(`Injected “${result.scenario}” at ${formatTimestamp(result.at)} (simulated time). Its alerts reach the incident list in a few simulated minutes; the agents take it from there.`);
      refresh();
    },
  });
  const reset = useMutation({
    mutationFn: resetShop,
    onSuccess: () => {
      setOutcome("The shop is back to its baseline: every injected fault was removed. Open incidents resolve as their alerts clear.");
      refresh();
    },
  });
  const speed = useMutation({
    mutationFn: (value: number) => setClockSpeed({ speed: value }),
    onSuccess: (clock) => {
      setOutcome(`The simulated clock now runs at ${clock.speed}× real time.`);
      refresh();
    },
  });
  const busy = inject.isPending || reset.isPending || speed.isPending;
  const failure = inject.error ?? reset.error ?? speed.error;

  if (state.isError) {
    return (
      <section className="panel" aria-label="Demo fault panel">
        <p className="error" role="alert">
          Demo fault panel: {state.error.message}
        </p>
      </section>
    );
  }
  if (!state.data || !state.data.enabled) return null;
  const { scenarios, injected, clock } = state.data;
  const selected = scenarios.find((s) => s.name === chosen) ?? null;

  return (
    <section className={`panel ${styles.panel}`} aria-labelledby={`${scenarioId}-heading`} data-testid="fault-panel">
      <h2 id={`${scenarioId}-heading`} style={{ margin: 0 }}>
        Try it: break the demo shop
      </h2>
      <p className={styles.description}>
        The built-in simulated cluster runs a shop of about ten services. Inject a fault and watch an incident open, get diagnosed and wait for your approval.
      </p>
      <div className={styles.row}>
        <label htmlFor={scenarioId} className={styles.label}>
          Fault
        </label>
        <select id={scenarioId} value={chosen} onChange={(event) => setChosen(event.target.value)} disabled={busy} data-testid="fault-scenario">
          <option value="">Choose a fault…</option>
          {scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {s.title}
            </option>
          ))}
        </select>
        <button type="button" className={styles.primary} disabled={!selected || busy} onClick={() => selected && inject.mutate(selected.name)} data-testid="fault-inject">
          {inject.isPending ? "Injecting…" : "Inject fault"}
        </button>
      </div>
      {selected ? <p className={styles.description}>{selected.description}</p> : null}

      <div className={styles.row}>
        <label htmlFor={speedId} className={styles.label}>
          Clock speed
        </label>
        <select
          id={speedId}
          value={String(clock.speed)}
          disabled={busy || clock.mode === "manual"}
          onChange={(event) => speed.mutate(Number(event.target.value))}
          aria-describedby={`${speedId}-hint`}
        >
          {[...new Set([...DEMO_CLOCK_SPEEDS, clock.speed])]
            .sort((a, b) => a - b)
            .map((value) => (
              <option key={value} value={value}>
                {value}× real time
              </option>
            ))}
        </select>
        <span id={`${speedId}-hint`} className="muted">
          {clock.mode === "manual" ? "The clock is stepped by tests and cannot be changed here." : `Simulated time now ${formatTimestamp(clock.now)}.`}
        </span>
      </div>

      <div className={styles.row}>
        <button type="button" disabled={busy} onClick={() => reset.mutate()}>
          {reset.isPending ? "Resetting…" : "Reset the shop"}
        </button>
        {injected.length > 0 ? (
          <span className="muted">
            Injected since the last reset: {injected.map((i) => `${i.name}${i.fixedAt ? " (fixed)" : ""}`).join(", ")}
          </span>
        ) : (
          <span className="muted">No fault injected since the last reset.</span>
        )}
      </div>

      <div role="status" aria-live="polite">
        {outcome && !failure ? <p className={styles.ok}>{outcome}</p> : null}
      </div>
      {failure ? (
        <p className={styles.problem} role="alert">
          {failure.message}
        </p>
      ) : null}
    </section>
  );
}
