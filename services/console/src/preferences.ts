// Display preferences kept in localStorage: language and large text (many users are elderly).
import { useEffect, useState } from "react";
import type { Lang } from "./i18n";

function usePersisted<T extends string>(key: string, initial: T, allowed: readonly T[]): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => {
    const stored = localStorage.getItem(key);
    return allowed.includes(stored as T) ? (stored as T) : initial;
  });
  useEffect(() => localStorage.setItem(key, value), [key, value]);
  return [value, setValue];
}

export function useLanguage(): [Lang, (lang: Lang) => void] {
  const [lang, setLang] = usePersisted<Lang>("shulin.lang", "zh", ["zh", "en"]);
  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [lang]);
  return [lang, setLang];
}

export function useLargeText(): [boolean, (on: boolean) => void] {
  const [value, setValue] = usePersisted<"on" | "off">("shulin.largeText", "off", ["on", "off"]);
  const on = value === "on";
  useEffect(() => {
    document.documentElement.classList.toggle("large-text", on);
  }, [on]);
  return [on, (next: boolean) => setValue(next ? "on" : "off")];
}
