"use client";

import { useState } from "react";

/** A token shown masked until asked for, with a copy button. */
export function RevealToken({ token, masked }: { token: string; masked: string }) {
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  return (
    <span>
      <code data-testid="token">{shown ? token : masked}</code>{" "}
      <button type="button" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
        {shown ? "Hide" : "Show"}
      </button>{" "}
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(token).then(() => setCopied(true));
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </span>
  );
}
