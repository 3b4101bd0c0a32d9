// Runtime settings served by the console's own server (serve.mjs), so one build fits every stack.

export interface ConsoleConfig {
  gatewayUrl: string;
  /** Development only: the server lists the demo users' tokens at /demo-users.json. */
  demoUsers: boolean;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const value = (await response.json()) as Partial<ConsoleConfig>;
  if (typeof value.gatewayUrl !== "string") throw new Error("config.json: gatewayUrl missing");
  return { gatewayUrl: value.gatewayUrl, demoUsers: value.demoUsers === true };
}

export interface DemoUser {
  role: string;
  label?: string;
  token: string;
}

export async function loadDemoUsers(): Promise<DemoUser[]> {
  const response = await fetch("/demo-users.json", { cache: "no-store" });
  if (!response.ok) return [];
  const value = (await response.json()) as { users?: DemoUser[] };
  return Array.isArray(value.users) ? value.users.filter((u) => typeof u.token === "string") : [];
}
