/**
 * `npm run sim`: the simulated cluster on its own, for kubectl and the app in development.
 *
 *   npm run sim -- --port 7443 --seed 42 --speed 10
 *   KUBECONFIG=data/sim.kubeconfig kubectl get pods -A
 *
 * Flags override the environment (validated in lib/env.ts): --port (SIM_PORT, default 7443),
 * --seed (SIM_SEED, default 1), --speed (SIM_SPEED: simulated seconds per real second, default 1),
 * --kubeconfig (default $DATA_DIR/sim.kubeconfig), --no-controllers, --no-shop (a bare cluster,
 * without the demo shop, its traffic and its alerts), --webhook-url (where alerts go; default the
 * app's /api/webhooks/alertmanager on PORT) and --webhook-token (default the app's token).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { getEnv } from "../lib/env";
import { attachShop } from "../lib/sim/shop";
import { createSimulator } from "../lib/sim/simulator";
import { resolveWebhookTokens } from "../lib/webhooks/webhook-tokens";

const optionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  seed: z.coerce.number().int(),
  speed: z.coerce.number().positive(),
  kubeconfig: z.string().min(1),
  controllers: z.boolean(),
  shop: z.boolean(),
  webhookUrl: z.url(),
  webhookToken: z.string().min(1),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      seed: { type: "string" },
      speed: { type: "string" },
      kubeconfig: { type: "string" },
      "no-controllers": { type: "boolean", default: false },
      "no-shop": { type: "boolean", default: false },
      "webhook-url": { type: "string" },
      "webhook-token": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run sim -- [--port 7443] [--seed 1] [--speed 1] [--kubeconfig data/sim.kubeconfig] [--no-controllers] [--no-shop] [--webhook-url URL] [--webhook-token TOKEN]",
    );
    return;
  }
  const env = getEnv();
  const defaults = env.simulator;
  const parsed = optionsSchema.safeParse({
    port: values.port ?? defaults.port,
    seed: values.seed ?? defaults.seed,
    speed: values.speed ?? defaults.speed,
    kubeconfig: values.kubeconfig ?? defaults.kubeconfigPath,
    controllers: !values["no-controllers"],
    shop: !values["no-shop"] && !values["no-controllers"],
    webhookUrl: values["webhook-url"] ?? `http://127.0.0.1:${env.port}/api/webhooks/alertmanager`,
    // The same token the app checks: configured, or the one it generates in its data directory.
    webhookToken:
      values["webhook-token"] ??
      resolveWebhookTokens({ configured: env.webhookTokens, dataDir: env.dataDir }).bySource.alertmanager,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`sim: invalid --${issue?.path.join(".")}: ${issue?.message}`);
    process.exitCode = 2;
    return;
  }
  const options = parsed.data;
  const sim = createSimulator({
    seed: options.seed,
    port: options.port,
    clock: { speed: options.speed },
    kubeconfigPath: options.kubeconfig,
    controllers: options.controllers,
  });
  await sim.start();
  const shop = options.shop
    ? attachShop(sim, {
        seed: options.seed,
        webhook: {
          url: options.webhookUrl,
          // Without --webhook-token, read the app's token at each delivery: an admin may rotate it from Settings.
          token: values["webhook-token"] ? options.webhookToken : () => resolveWebhookTokens({ configured: env.webhookTokens, dataDir: env.dataDir }).bySource.alertmanager,
        },
      })
    : undefined;
  sim.mountHandler(shop?.controlHandler);
  console.log(`simulated cluster at ${sim.url} (seed ${options.seed}, clock x${options.speed}${options.controllers ? "" : ", controllers off"})`);
  console.log(`  KUBECONFIG=${sim.kubeconfigPath} kubectl get nodes`);
  if (shop) {
    console.log(`  demo shop in namespace shop; alerts to ${options.webhookUrl}`);
    console.log(`  metrics ${sim.url}/metrics, scenarios ${sim.url}/sim/v1/scenarios`);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`sim: ${signal}, stopping`);
    shop?.stop();
    void sim.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("sim: failed to start:", error);
  process.exit(1);
});
