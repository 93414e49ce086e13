"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { OperatorAccount } from "@/lib/auth/operator-accounts";
import styles from "./auth.module.css";
import { operatorApi, operatorListQuery } from "./operator-queries";

const ROLES = ["viewer", "responder", "admin"] as const;
type Role = (typeof ROLES)[number];

const ROLE_HELP: Record<Role, string> = {
  viewer: "reads incidents",
  responder: "also approves, rejects and undoes",
  admin: "also manages users, tokens and policies",
};

export interface OperatorAdminProps {
  initialOperators: OperatorAccount[];
  /** The signed-in admin: they cannot remove themselves. */
  currentOperatorId: string;
}

/** User management: the operator list, a create form, role changes, password resets and removal. */
export function OperatorAdmin({ initialOperators, currentOperatorId }: OperatorAdminProps) {
  const queryClient = useQueryClient();
  const query = operatorListQuery(initialOperators);
  const { data: operators = [], error: listError } = useQuery(query);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: query.queryKey });

  const create = useMutation({
    mutationFn: (input: { name: string; email: string; role: Role; password: string }) =>
      operatorApi<OperatorAccount>("/api/admin/users", { method: "POST", body: input }),
    onSuccess: async (account) => {
      setNotice(`Created ${account.name} (${account.email}) as ${account.role}. Give them their initial password through a safe channel.`);
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: (input: { id: string; role?: Role; password?: string }) =>
      operatorApi<OperatorAccount>(`/api/admin/users/${encodeURIComponent(input.id)}`, { method: "PATCH", body: { role: input.role, password: input.password } }),
    onSuccess: async (account, input) => {
      setNotice(input.password ? `New password set for ${account.name}; their sessions were ended.` : `${account.name} is now ${account.role}.`);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (account: OperatorAccount) => operatorApi<void>(`/api/admin/users/${encodeURIComponent(account.id)}`, { method: "DELETE" }),
    onSuccess: async (_, account) => {
      setNotice(`Removed ${account.name}; they are signed out everywhere.`);
      await refresh();
    },
  });

  function submitCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setNotice(null);
    create.mutate(
      {
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        role: String(form.get("role") ?? "viewer") as Role,
        password: String(form.get("password") ?? ""),
      },
      { onSuccess: () => formElement.reset() },
    );
  }

  const actionError = create.error ?? update.error ?? remove.error;

  return (
    <section>
      <h1>Users</h1>
      <p className="muted">
        Roles: viewer {ROLE_HELP.viewer}; responder {ROLE_HELP.responder}; admin {ROLE_HELP.admin}.
      </p>
      {notice ? (
        <p role="status" className={styles.notice}>
          {notice}
        </p>
      ) : null}
      {actionError ? (
        <p role="alert" className={styles.alert} data-testid="admin-error">
          {actionError.message}
        </p>
      ) : null}
      {listError ? (
        <p role="alert" className={styles.alert}>
          Could not load the operators: {listError.message}
        </p>
      ) : null}

      <h2>Create an operator</h2>
      <form className={`panel ${styles.createForm}`} onSubmit={submitCreate} aria-label="Create an operator">
        <label className={styles.field}>
          Name
          <input name="name" required maxLength={100} autoComplete="off" />
        </label>
        <label className={styles.field}>
          Email
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label className={styles.field}>
          Role
          <select name="role" defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role} ({ROLE_HELP[role]})
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          Initial password
          <input name="password" type="password" required minLength={12} maxLength={128} autoComplete="new-password" />
        </label>
        <button type="submit" className={styles.primary} disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create operator"}
        </button>
      </form>

      <h2>Operators</h2>
      <table data-testid="operator-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Signs in with</th>
            <th scope="col">Role</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((account) => (
            <OperatorRow
              key={account.id}
              account={account}
              isSelf={account.id === currentOperatorId}
              busy={update.isPending || remove.isPending}
              onRole={(role) => {
                setNotice(null);
                update.mutate({ id: account.id, role });
              }}
              onPassword={(password) => {
                setNotice(null);
                update.mutate({ id: account.id, password });
              }}
              onRemove={() => {
                setNotice(null);
                if (window.confirm(`Remove ${account.name} (${account.email})? They are signed out at once; what they approved keeps their name.`)) {
                  remove.mutate(account);
                }
              }}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface OperatorRowProps {
  account: OperatorAccount;
  isSelf: boolean;
  busy: boolean;
  onRole(role: Role): void;
  onPassword(password: string): void;
  onRemove(): void;
}

function OperatorRow({ account, isSelf, busy, onRole, onPassword, onRemove }: OperatorRowProps) {
  return (
    <tr data-testid={`operator-${account.email}`}>
      <td>
        {account.name}
        {isSelf ? <span className="muted"> (you)</span> : null}
      </td>
      <td>{account.email}</td>
      <td>{account.signInMethods.length > 0 ? account.signInMethods.join(", ") : "nothing yet"}</td>
      <td>
        <select value={account.role} disabled={busy} onChange={(event) => onRole(event.target.value as Role)} aria-label={`Role of ${account.name}`}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </td>
      <td className={styles.rowActions}>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            const password = window.prompt(`New password for ${account.name} (at least 12 characters). Their sessions will end.`);
            if (password) onPassword(password);
          }}
        >
          Set password
        </button>
        {isSelf ? null : (
          <button type="button" className={styles.danger} disabled={busy} onClick={onRemove} aria-label={`Remove ${account.name}`}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
