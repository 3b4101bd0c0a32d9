// Dates for people: Beijing time, in the UI language.

const ZONE = "Asia/Shanghai";

export function formatDateTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", {
    timeZone: ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** A datetime-local input's value (Beijing time) → ISO 8601 with +08:00, as the API wants. */
export function beijingInputToIso(value: string): string {
  return value ? `${value.length === 16 ? `${value}:00` : value}+08:00` : "";
}

/** Now plus `minutes`, as a datetime-local value in Beijing time (YYYY-MM-DDTHH:mm). */
export function beijingInputValue(minutesFromNow: number, now: Date = new Date()): string {
  const shifted = new Date(now.getTime() + (minutesFromNow + 8 * 60) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** Today in Beijing, YYYY-MM-DD, optionally shifted by days. */
export function beijingDate(daysFromToday = 0, now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}
