// Runs once when the Next.js server starts: validates the configuration (a bad setting stops
// start-up with a message naming it) and prints where to send alerts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { announceStartup } = await import("./lib/startup");
  await announceStartup();
}
