"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import styles from "./auth.module.css";

export interface UserMenuProps {
  /** The signed-in operator's name and role (from `getOperatorFromHeaders` in the layout). */
  name: string;
  role: "viewer" | "responder" | "admin";
}

/** Who is signed in, a link to user management for admins, and sign-out. */
export function UserMenu({ name, role }: UserMenuProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOut() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-out", { method: "POST", credentials: "same-origin" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      // Refresh as well: the layout (and this menu) must re-render without the session.
      router.replace("/login");
      router.refresh();
    } catch (caught) {
      setError(`Sign-out failed (${caught instanceof Error ? caught.message : "no answer"}); try again.`);
      setPending(false);
    }
  }

  return (
    <div className={styles.userMenu} data-testid="user-menu">
      <span>
        <span data-testid="operator-name">{name}</span>{" "}
        <span className={`badge ${styles.role}`} title={`Signed in as ${role}`}>
          {role}
        </span>
      </span>
      {role === "admin" ? <Link href="/admin/users">Users</Link> : null}
      <button type="button" onClick={() => void signOut()} disabled={pending}>
        {pending ? "Signing out…" : "Sign out"}
      </button>
      {error ? (
        <span role="alert" className="error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
