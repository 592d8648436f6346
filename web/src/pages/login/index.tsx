// pages/login - the login form. Wrong credentials and the lockout after repeated
// failures (429 with Retry-After) are said in words, with the wait.
import { useState } from 'preact/hooks';
import { ApiError, messageOf, request } from '../../api/client';
import type { Body, Schema } from '../../api/openapi';
import type { User } from '../../api/types';

export function Login({ onLogin }: { onLogin: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!username || !password) {
      setError('Enter your user name and password.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const body: Body<'/api/auth/login', 'POST'> = { username, password };
      const r = await request<Schema<'Login'>>({ method: 'POST', path: '/api/auth/login', body }, { no401: true });
      const me = await request<User>({ method: 'GET', path: '/api/auth/me' }, { no401: true });
      onLogin({ ...me.data, csrf_token: r.data.csrf_token });
    } catch (err) {
      const e2 = err as ApiError;
      setError(
        e2.status === 401
          ? 'Wrong user name or password.'
          : e2.status === 429
            ? messageOf(err)
            : messageOf(err),
      );
      setBusy(false);
    }
  };
  return (
    <div class="login-page">
      <form class="login card" onSubmit={submit}>
        <h1>
          open<b>ATTIC</b>
        </h1>
        <p class="sub">Storage management for Ceph</p>
        {error && (
          <div class="form-error" role="alert">
            {error}
          </div>
        )}
        <label class="field">
          <span class="label">User name</span>
          <input name="username" autocomplete="username" autoFocus value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span class="label">Password</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="btn primary wide" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </div>
  );
}
