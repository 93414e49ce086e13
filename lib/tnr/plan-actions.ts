import "server-only";
/**
 * Step 3 of a transaction: plan every action (diff, blast radius, the server's dry run) before
 * anything is written. One failed dry run fails the whole transaction: running only the part
 * that plans would be a different transaction than the one approved.
 *
 * Each action is planned against the live cluster as it is now, not as the earlier actions will
 * leave it; the dry run of each action's own snapshot, just before it runs, checks it again.
 */
import { planAction, type MitigationAction } from "../cluster/actions/catalogue";
import type { ActionContext, ActionPlan } from "../cluster/actions/types";

/** Every plan, and one line per action whose dry run failed. */
export interface PlannedActions {
  ok: boolean;
  plans: (ActionPlan | null)[];
  failures: string[];
}

/** Plans `actions` in order; never throws for a single action's failure. */
export async function planActions(ctx: ActionContext, actions: readonly MitigationAction[]): Promise<PlannedActions> {
  const plans: (ActionPlan | null)[] = [];
  const failures: string[] = [];
  for (const [index, action] of actions.entries()) {
    try {
      const plan = await planAction(ctx, action);
      plans.push(plan);
      if (!plan.executable || !plan.dryRun.ok) {
        const why = plan.dryRun.ok ? "not executable" : `${plan.dryRun.reason}: ${plan.dryRun.message}`;
        failures.push(`action ${index + 1} (${action.type}): dry run failed: ${why}`);
      }
    } catch (error) {
      plans.push(null);
      failures.push(`action ${index + 1} (${action.type}): could not be planned: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ok: failures.length === 0, plans, failures };
}
