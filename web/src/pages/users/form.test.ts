import { describe, expect, it } from 'vitest';
import type { User } from '../../api/types';
import { createBody, editBody, editInitial, validateCreate, validateEdit } from './form';

const ok = (e: Record<string, unknown>) => Object.values(e).filter(Boolean);
const base = { username: 'alice', password: 'correct horse', password2: 'correct horse', role: 'operator' as const, email: '' };

describe('create user checks', () => {
  it('accepts a good user', () => expect(ok(validateCreate(base))).toEqual([]));
  it('names the field at fault', () => {
    expect(validateCreate({ ...base, username: 'a b' }).username).toBeTruthy();
    expect(validateCreate({ ...base, username: '' }).username).toBeTruthy();
    expect(validateCreate({ ...base, password: 'short', password2: 'short' }).password).toMatch(/10/);
    expect(validateCreate({ ...base, username: 'alice12345', password: 'ALICE12345', password2: 'ALICE12345' }).password).toMatch(/user name/);
    expect(validateCreate({ ...base, password2: 'correct hors' }).password2).toMatch(/differ/);
    expect(validateCreate({ ...base, password2: '' }).password2).toBeTruthy();
    expect(validateCreate({ ...base, email: 'nobody' }).email).toBeTruthy();
    expect(validateCreate({ ...base, email: 'a@b.c' }).email).toBeFalsy();
  });
  it('sends no confirmation and no empty e-mail', () => {
    expect(createBody(base)).toEqual({ username: 'alice', password: 'correct horse', role: 'operator' });
    expect(createBody({ ...base, email: ' a@b.c ' })).toMatchObject({ email: 'a@b.c' });
  });
});

describe('edit user', () => {
  const u: User = { username: 'bob', role: 'viewer', email: 'bob@x.org', disabled: false, created_at: null, last_login_at: null };
  it('patches only what changed', () => {
    expect(editBody(editInitial(u), u, false)).toEqual({});
    expect(editBody({ ...editInitial(u), role: 'operator', disabled: true }, u, false)).toEqual({ role: 'operator', disabled: true });
    expect(editBody({ ...editInitial(u), reset: true, password: 'new password!', password2: 'new password!' }, u, false)).toEqual({ password: 'new password!' });
  });
  it('never changes one’s own role or disabled flag, and wants the old password', () => {
    const v = { ...editInitial(u), role: 'admin' as const, disabled: true, reset: true, password: 'new password!', password2: 'new password!' };
    expect(editBody({ ...v, old_password: 'old one' }, u, true)).toEqual({ password: 'new password!', old_password: 'old one' });
    expect(editBody({ ...v, old_password: 'old one', revoke_tokens: true }, u, true)).toEqual({ password: 'new password!', old_password: 'old one', revoke_tokens: true });
    // Revoking comes with a new password only.
    expect(editBody({ ...editInitial(u), revoke_tokens: true }, u, true)).toEqual({});
    expect(validateEdit(v, u, true).old_password).toBeTruthy();
    expect(validateEdit(v, u, false).old_password).toBeFalsy();
  });
  it('refuses to remove an e-mail address (the API cannot)', () => {
    expect(validateEdit({ ...editInitial(u), email: '' }, u, false).email).toBeTruthy();
    expect(validateEdit({ ...editInitial({ ...u, email: null }), email: '' }, { ...u, email: null }, false).email).toBeFalsy();
  });
});
