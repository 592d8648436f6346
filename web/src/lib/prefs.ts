// lib/prefs.ts - per-user preferences kept in localStorage (column choice of each
// table). Keys are "oa:<user>:<name>"; broken or missing values give the default.

let who = 'anon';

export function setPrefsUser(username: string): void {
  who = username;
}

export function loadPref<T>(name: string, dflt: T): T {
  try {
    const v = localStorage.getItem(`oa:${who}:${name}`);
    return v === null ? dflt : (JSON.parse(v) as T);
  } catch {
    return dflt;
  }
}

export function savePref(name: string, value: unknown): void {
  try {
    localStorage.setItem(`oa:${who}:${name}`, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the choice lasts for this page only */
  }
}
