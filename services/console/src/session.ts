// The signed-in user: a gateway token kept in sessionStorage (gone when the tab closes).

export type Role = "resident" | "building_head" | "operator" | "planner" | "admin";

export interface Session {
  token: string;
  /** For a resident: their resident id. */
  subject: string;
  communityId: string;
  roles: Role[];
  buildingIds: string[];
  expiresAt: number;
}

const STORAGE_KEY = "shulin.session.token";
const KNOWN_ROLES: readonly Role[] = ["resident", "building_head", "operator", "planner", "admin"];

function decodePayload(token: string): Record<string, unknown> | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Reads the token's claims for display and routing only; the gateway's subgraphs verify it.
 * Returns null for something that is not a Shulin token or has expired.
 */
export function sessionFromToken(raw: string, now: number = Date.now()): Session | null {
  const token = raw.trim().replace(/^Bearer\s+/i, "");
  const claims = decodePayload(token);
  if (!claims) return null;
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((r): r is Role => KNOWN_ROLES.includes(r as Role))
    : [];
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : 0;
  if (typeof claims.sub !== "string" || typeof claims.community_id !== "string" || roles.length === 0) {
    return null;
  }
  if (exp <= now) return null;
  const buildingIds = Array.isArray(claims.building_ids)
    ? claims.building_ids.filter((b): b is string => typeof b === "string")
    : [];
  return { token, subject: claims.sub, communityId: claims.community_id, roles, buildingIds, expiresAt: exp };
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(STORAGE_KEY);
  return token ? sessionFromToken(token) : null;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, session.token);
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Which console a role sees: operators and admins run projects, planners see aggregates. */
export type ConsoleKind = "operator" | "building_head" | "resident" | "planner";

export function consoleFor(session: Session): ConsoleKind {
  if (isStaff(session)) return "operator";
  if (session.roles.includes("building_head")) return "building_head";
  if (session.roles.includes("planner")) return "planner";
  return "resident";
}

/** An operator or admin of the community (may create activities, read consented phones). */
export function isStaff(session: Session): boolean {
  return session.roles.includes("operator") || session.roles.includes("admin");
}
