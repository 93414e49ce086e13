"use client";

import { useState } from "react";
import styles from "./settings.module.css";

export interface CopyButtonProps {
  /** What goes to the clipboard. */
  text: string;
  /** The button's accessible name, e.g. "Copy the grafana webhook URL" (the visible label stays "Copy"). */
  label: string;
}

/** A "Copy" button that says whether copying worked; when the clipboard is unavailable (plain HTTP), it says to copy by hand. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      // navigator.clipboard exists only in secure contexts (HTTPS or localhost).
      if (!navigator.clipboard) throw new Error("clipboard unavailable");
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }
  return (
    <span className={styles.copyable}>
      <button type="button" onClick={() => void copy()} aria-label={label}>
        {state === "copied" ? "Copied" : "Copy"}
      </button>
      <span aria-live="polite" className={state === "failed" ? styles.copyFailed : undefined}>
        {state === "failed" ? "The browser did not allow copying: select the text and copy it by hand." : null}
      </span>
    </span>
  );
}
