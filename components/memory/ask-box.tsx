"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { AskResult } from "@/lib/ask/ask-schemas";
import { askIncidentRequest } from "./memory-queries";
import styles from "./memory.module.css";

/** Longest question the server accepts (lib/ask/ask-schemas.ts). */
const MAX_QUESTION_CHARS = 1000;

interface Exchange {
  id: number;
  question: string;
  result: AskResult;
}

/**
 * "Ask this incident": a question ("what changed in checkout in the last hour?") or an action
 * request ("scale checkout to 4"). Shows the answer, the tool calls behind it (collapsed), and,
 * when a proposal was created, says so and links to the approval card (`#mitigation`).
 */
export function AskBox({ incidentId }: { incidentId: string }) {
  const queryClient = useQueryClient();
  const [question, setQuestion] = useState("");
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const inputId = useId();
  const hintId = useId();
  const ask = useMutation({
    mutationFn: (text: string) => askIncidentRequest({ incidentId, question: text }),
    onSuccess: (result, text) => {
      setExchanges((current) => [{ id: Date.now(), question: text, result }, ...current].slice(0, 5));
      setQuestion("");
      // A proposal changes the incident's state and timeline; the stream would catch up, this is immediate.
      void queryClient.invalidateQueries({ queryKey: ["incidents", "detail", incidentId] });
      void queryClient.invalidateQueries({ queryKey: ["incidents", "events", incidentId] });
    },
  });
  const trimmed = question.trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed && !ask.isPending) ask.mutate(trimmed);
  };

  return (
    <section className="panel" aria-labelledby={`${inputId}-heading`} data-testid="ask-box">
      <h2 id={`${inputId}-heading`}>Ask this incident</h2>
      <label htmlFor={inputId} className={styles.hint}>
        Question or request
      </label>
      <form className={styles.askForm} onSubmit={submit}>
        <input
          id={inputId}
          className={styles.askInput}
          type="text"
          value={question}
          maxLength={MAX_QUESTION_CHARS}
          onChange={(event) => setQuestion(event.target.value)}
          placeholder="what changed in checkout in the last hour? · scale checkout to 4"
          aria-describedby={hintId}
          autoComplete="off"
        />
        <button type="submit" className="primary" disabled={!trimmed || ask.isPending}>
          {ask.isPending ? "Asking…" : "Ask"}
        </button>
      </form>
      <p id={hintId} className={styles.hint}>
        Answers come from read-only tools. A requested change becomes a proposal that still needs approval and is undone if health regresses.
      </p>
      {ask.isError ? (
        <p className={styles.problem} role="alert">
          Could not ask: {ask.error.message}
        </p>
      ) : null}
      <div aria-live="polite">
        {exchanges.map((exchange) => (
          <AskExchange key={exchange.id} exchange={exchange} />
        ))}
      </div>
    </section>
  );
}

function AskExchange({ exchange }: { exchange: Exchange }) {
  const { result } = exchange;
  return (
    <article className={styles.exchange} data-testid="ask-answer">
      <p className={styles.question}>
        <span className="muted">Q: </span>
        {exchange.question}
      </p>
      <p className={styles.answer}>{result.answer}</p>
      {result.proposal ? (
        <p className={styles.proposalNotice} data-testid="ask-proposal">
          A proposal was created ({result.proposal.summary}, risk {result.proposal.risk}). It waits for approval: <a href="#mitigation">review it on the mitigation card</a>.
        </p>
      ) : null}
      {result.toolCalls.length > 0 ? (
        <details className={styles.toolCalls}>
          <summary>
            {result.toolCalls.length} tool call{result.toolCalls.length === 1 ? "" : "s"} ({result.answeredBy === "rules" ? "rules" : result.answeredBy.replace(/^llm:/, "model ")})
          </summary>
          {result.toolCalls.map((call, index) => (
            <div key={index} className={styles.toolCall}>
              <code>{call.tool}</code> <span className={call.ok ? "muted" : styles.toolFailed}>{call.ok ? "ok" : "failed"}</span> <span className="muted small">{Math.round(call.durationMs)} ms</span>
              <pre>{`${JSON.stringify(call.params)}\n\n${call.output}`}</pre>
            </div>
          ))}
        </details>
      ) : null}
    </article>
  );
}
