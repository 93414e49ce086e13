"use client";

import Link from "next/link";

// Any page that throws while rendering shows what went wrong in words, with a way to retry,
// instead of a blank page (the incident list stays one click away).
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel" role="alert">
      <h1>This page could not be shown</h1>
      <p className="error">{error.message || "An unexpected error happened while rendering."}</p>
      {error.digest ? <p className="muted small">Reference for the server log: {error.digest}</p> : null}
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>{" "}
        <Link href="/">Back to the incident list</Link>
      </p>
    </section>
  );
}
