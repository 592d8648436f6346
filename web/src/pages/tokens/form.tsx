// pages/tokens/form.tsx - create an API token (POST /api/tokens: a description and an
// optional expiry day) and the one dialog that shows its secret: once, with a copy
// button, a warning that it will not be shown again, and a curl that uses it.
import { apiPath, type Call } from '../../api/client';
import type { Body, Schema } from '../../api/openapi';
import { shellQuote } from '../../api/curl';
import { CopyButton } from '../../components/Copy';
import { FormView, TextField, useForm, type Errors } from '../../components/Form';
import { absTime } from '../../lib/format';

export type Token = Schema<'Token'>;
/** The answer to the creation: the token and, this once, its secret. */
export type NewToken = Schema<'NewToken'>;

export interface Values extends Record<string, unknown> {
  description: string;
  /** the expiry day, YYYY-MM-DD, or '' */
  expires_at: string;
}

/** The expiry day as the API's expires_at: the token works until the end of that day (UTC). */
export function expiresAt(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const iso = `${day}T23:59:59Z`;
  const t = Date.parse(iso);
  return isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day ? null : iso;
}

export function validateToken(v: Values, now = Date.now()): Errors<Values> {
  const e: Errors<Values> = {};
  const d = v.description.trim();
  if (!d) e.description = 'Say what the token is for, e.g. "backup script on host1".';
  else if (d.length > 200) e.description = 'At most 200 characters.';
  if (v.expires_at) {
    const at = expiresAt(v.expires_at);
    if (!at) e.expires_at = 'A day such as 2027-01-31.';
    else if (Date.parse(at) <= now) e.expires_at = 'A day from today on.';
  }
  return e;
}

export function tokenBody(v: Values): Body<'/api/tokens', 'POST'> {
  const b: Body<'/api/tokens', 'POST'> = { description: v.description.trim() };
  const at = v.expires_at ? expiresAt(v.expires_at) : null;
  if (at) b.expires_at = at;
  return b;
}

export function CreateTokenForm({ onDone, onCancel }: { onDone: (t: NewToken) => void; onCancel: () => void }) {
  const form = useForm<Values>({ description: '', expires_at: '' }, (v) => validateToken(v));
  const call = (v: Values): Call => ({ method: 'POST', path: apiPath('tokens'), body: tokenBody(v) });
  return (
    <FormView
      form={form}
      call={call}
      label="Create token"
      onDone={(o) => onDone(o.data as NewToken)}
      onCancel={onCancel}
    >
      <TextField form={form} name="description" label="Description" autoFocus placeholder="e.g. nightly backup script" help="What uses it, so you know what breaks when you revoke it." />
      <TextField
        form={form}
        name="expires_at"
        label="Expires (optional)"
        type="date"
        help={
          expiresAt(form.values.expires_at)
            ? `Works until ${absTime(expiresAt(form.values.expires_at))}.`
            : 'Empty: it works until revoked. Otherwise until 23:59:59 UTC of that day.'
        }
      />
      <p class="help">The token acts as you, with your role. Anyone who has it can do what you can.</p>
    </FormView>
  );
}

/** The secret of a new token, shown once. */
export function TokenSecret({ token, origin }: { token: NewToken; origin: string }) {
  const secret = token.token;
  const curl = `curl -sS -H ${shellQuote('Authorization: Bearer ' + secret)} ${shellQuote(origin + '/api/auth/me')}`;
  const env = `export OA_TOKEN=${shellQuote(secret)}`;
  return (
    <div class="token-secret">
      <div class="warn-box" role="alert">
        <strong>Copy the token now: it will not be shown again.</strong> openATTIC keeps only a hash of it. If you lose it, revoke it and create a
        new one.
      </div>
      <div class="secret-row">
        <code class="secret" data-secret>
          {secret}
        </code>
        <CopyButton text={secret} label="Copy token" />
      </div>
      <dl class="props">
        <dt>Description</dt>
        <dd>{token.description}</dd>
        <dt>Expires</dt>
        <dd>{token.expires_at ? absTime(token.expires_at) : 'never (until revoked)'}</dd>
      </dl>
      <h3>Try it</h3>
      <p class="help">Send it as a bearer token. This asks openATTIC who you are:</p>
      <div class="snippet">
        <pre>{curl}</pre>
        <CopyButton text={curl} label="Copy command" />
      </div>
      <p class="help">The “Copy as curl” commands of the console’s forms read it from OA_TOKEN:</p>
      <div class="snippet">
        <pre>{env}</pre>
        <CopyButton text={env} label="Copy" />
      </div>
    </div>
  );
}
