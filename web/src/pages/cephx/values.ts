// pages/cephx/values.ts - what the console checks before the server does: a client's
// name and the shape of a cap (clauses "allow ..." or "profile ...").

export function entityProblem(e: string): string {
  if (!e) return 'Required.';
  return /^client\.[A-Za-z0-9_.-]{1,64}$/.test(e) ? '' : 'client.<id>, the id of letters, digits, _ . -';
}

export function capProblem(cap: string): string {
  const c = cap.trim();
  if (!c) return '';
  if (c.length > 1024) return 'At most 1024 characters.';
  if (/[\u0000-\u001f]/.test(c)) return 'One line.';
  return c.split(',').every((x) => /^\s*(allow|profile)\b/.test(x)) ? '' : 'Clauses "allow ..." or "profile ...", separated by commas.';
}
