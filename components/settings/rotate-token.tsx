"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { operatorApi } from "@/components/auth/operator-queries";
import { CopyButton } from "./copy-button";
import styles from "./settings.module.css";

export interface RotateTokenProps {
  kind: "webhook" | "operator";
  /** Who must be updated, in words, e.g. "every alert sender (alertmanager, grafana)". */
  whoMustUpdate: string;
  /** Anything else the admin should know before rotating (e.g. the simulator keeps the old token until restarted). */
  note?: string;
}

interface RotatedToken {
  token: string;
  sources: string[];
}

const TITLES = { webhook: "webhook token", operator: "operator token" } as const;

/**
 * "Rotate" behind a confirmation that says who must be updated; the new token is shown once,
 * with a copy button, and the page re-renders with the new masked token.
 */
export function RotateToken({ kind, whoMustUpdate, note }: RotateTokenProps) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState<RotatedToken | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const title = TITLES[kind];

  const rotate = useMutation({
    mutationFn: () => operatorApi<RotatedToken>(`/api/admin/tokens/${kind}/rotate`, { method: "POST" }),
    onSuccess: (result) => {
      setRotated(result);
      setConfirming(false);
      // Server-rendered masks (and the revealable webhook token) show the new token.
      router.refresh();
    },
  });

  // Keyboard users land on the decision, not back at the top of the page.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  function cancel() {
    setConfirming(false);
    openButton.current?.focus();
  }

  return (
    <div data-testid={`rotate-${kind}-token`}>
      <button
        ref={openButton}
        type="button"
        className={styles.danger}
        aria-expanded={confirming}
        onClick={() => {
          rotate.reset();
          setRotated(null);
          setConfirming(true);
        }}
      >
        Rotate the {title}…
      </button>
      {confirming ? (
        <div
          role="group"
          aria-labelledby={headingId}
          className={styles.confirm}
          onKeyDown={(event) => {
            if (event.key === "Escape") cancel();
          }}
        >
          <p id={headingId}>
            <strong>Rotate the {title}?</strong> The current token stops working at once: {whoMustUpdate} must be updated with the new one, or
            their requests are refused (401).
          </p>
          {note ? <p className={styles.hint}>{note}</p> : null}
          <div className={styles.confirmActions}>
            <button ref={confirmButton} type="button" className={styles.danger} disabled={rotate.isPending} onClick={() => rotate.mutate()}>
              {rotate.isPending ? "Rotating…" : `Rotate now`}
            </button>
            <button type="button" onClick={cancel} disabled={rotate.isPending}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {rotate.error ? (
        <p role="alert" className={styles.alert}>
          Could not rotate the {title}: {rotate.error.message}
        </p>
      ) : null}
      {rotated ? (
        <div role="status" className={styles.newToken} data-testid={`new-${kind}-token`}>
          <p>
            New {title}, shown once: copy it now and update {whoMustUpdate}.
          </p>
          <span className={styles.tokenLine}>
            <code>{rotated.token}</code>
            <CopyButton text={rotated.token} label={`Copy the new ${title}`} />
          </span>
          <button type="button" onClick={() => setRotated(null)}>
            Done, hide it
          </button>
        </div>
      ) : null}
    </div>
  );
}
