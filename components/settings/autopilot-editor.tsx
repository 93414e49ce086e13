"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { AutopilotMaxRisk, AutopilotPolicyView } from "@/lib/autopilot/autopilot-policy";
import { formatTimestamp } from "@/components/format-time";
import { autopilotPolicyListQuery, removeAutopilotPolicy, saveAutopilotPolicy } from "./autopilot-queries";
import styles from "./settings.module.css";

// Typed as a Record so that a new level in the lib type fails the build here until it is labelled.
const RISK_LABELS: Record<AutopilotMaxRisk, string> = {
  off: "off: a human approves everything",
  low: "up to low risk",
  medium: "up to medium risk",
  high: "up to high risk",
};
const RISKS = Object.keys(RISK_LABELS) as AutopilotMaxRisk[];

export interface AutopilotEditorProps {
  initialPolicies: AutopilotPolicyView[];
  /** Namespaces to offer in the picker (e.g. the simulator's "shop"); any other can be typed. */
  suggestedNamespaces: string[];
}

/** Admins set, change and remove the autopilot policy of a namespace; each row says where it comes from and who set it. */
export function AutopilotEditor({ initialPolicies, suggestedNamespaces }: AutopilotEditorProps) {
  const queryClient = useQueryClient();
  const query = autopilotPolicyListQuery(initialPolicies);
  const { data: policies = [], error: listError } = useQuery(query);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: query.queryKey });

  const save = useMutation({
    mutationFn: saveAutopilotPolicy,
    onSuccess: async (_, input) => {
      setNotice(input.maxRisk === "off" ? `Autopilot is off in ${input.namespace}: a human approves every mitigation there.` : `Autopilot in ${input.namespace} now approves up to ${input.maxRisk} risk.`);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (policy: AutopilotPolicyView) => removeAutopilotPolicy(policy.namespace),
    onSuccess: async (_, policy) => {
      setNotice(
        policy.envDefault === "off"
          ? `Removed the policy for ${policy.namespace}: autopilot is off there.`
          : `Removed the policy for ${policy.namespace}: back to the AUTOPILOT default (${policy.envDefault}).`,
      );
      await refresh();
    },
  });
  const busy = save.isPending || remove.isPending;
  const actionError = save.error ?? remove.error;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setNotice(null);
    save.mutate(
      { namespace: String(form.get("namespace") ?? "").trim(), maxRisk: String(form.get("maxRisk") ?? "off") },
      { onSuccess: () => formElement.reset() },
    );
  }

  const namespaceOptions = [...new Set([...suggestedNamespaces, ...policies.map((policy) => policy.namespace)])].sort();

  return (
    <div data-testid="autopilot-editor">
      <form className={`panel ${styles.policyForm}`} onSubmit={submit} aria-label="Set an autopilot policy">
        <label className={styles.field}>
          Namespace
          <input
            name="namespace"
            required
            maxLength={63}
            pattern="[a-z0-9]([\-a-z0-9]*[a-z0-9])?"
            title="A Kubernetes namespace: lowercase letters, digits and '-'"
            list="autopilot-namespaces"
            autoComplete="off"
          />
          <datalist id="autopilot-namespaces">
            {namespaceOptions.map((namespace) => (
              <option key={namespace} value={namespace} />
            ))}
          </datalist>
        </label>
        <label className={styles.field}>
          Auto-approve
          <select name="maxRisk" defaultValue="low">
            {RISKS.map((risk) => (
              <option key={risk} value={risk}>
                {RISK_LABELS[risk]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={styles.primary} disabled={busy}>
          {save.isPending ? "Saving…" : "Save policy"}
        </button>
      </form>
      {notice ? (
        <p role="status" className={styles.notice}>
          {notice}
        </p>
      ) : null}
      {actionError ? (
        <p role="alert" className={styles.alert} data-testid="autopilot-error">
          {actionError.message}
        </p>
      ) : null}
      {listError ? (
        <p role="alert" className={styles.alert}>
          Could not load the autopilot policies: {listError.message}
        </p>
      ) : null}
      {policies.length === 0 ? (
        <p className="muted" data-testid="autopilot-empty">
          Off everywhere: every mitigation waits for a human. Add a namespace above to let the autopilot approve low-risk actions there.
        </p>
      ) : (
        <table data-testid="autopilot-policies">
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              <th scope="col">Auto-approves</th>
              <th scope="col">Source</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((policy) => (
              <tr key={policy.namespace} data-testid={`autopilot-${policy.namespace}`}>
                <td>{policy.namespace}</td>
                <td>
                  <select
                    value={policy.maxRisk}
                    disabled={busy}
                    aria-label={`Autopilot for ${policy.namespace}`}
                    onChange={(event) => {
                      setNotice(null);
                      save.mutate({ namespace: policy.namespace, maxRisk: event.target.value });
                    }}
                  >
                    {RISKS.map((risk) => (
                      <option key={risk} value={risk}>
                        {RISK_LABELS[risk]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className={styles.source}>
                  <PolicySource policy={policy} />
                </td>
                <td className={styles.rowActions}>
                  {policy.source === "db" ? (
                    <button type="button" className={styles.danger} disabled={busy} onClick={() => { setNotice(null); remove.mutate(policy); }} aria-label={`Remove the policy for ${policy.namespace}`}>
                      Remove
                    </button>
                  ) : (
                    <span className={styles.hint}>change AUTOPILOT, or choose a level to override it</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Where a policy comes from, in words. */
export function PolicySource({ policy }: { policy: AutopilotPolicyView }) {
  if (policy.source === "env") return <>AUTOPILOT default (environment)</>;
  return (
    <>
      set by {policy.updatedBy}{" "}
      {policy.updatedAt ? (
        // The server renders in its own time zone, the browser in the operator's.
        <time dateTime={policy.updatedAt} suppressHydrationWarning>
          on {formatTimestamp(policy.updatedAt)}
        </time>
      ) : null}
      {policy.envDefault !== "off" ? <span className={styles.hint}> (overrides the AUTOPILOT default: {policy.envDefault})</span> : null}
    </>
  );
}
