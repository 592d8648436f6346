// pages/users/form.tsx - create a user (POST /api/users) or edit one (PATCH with only
// what changed: role, e-mail, disabled, a new password). The checks mirror the server's
// (fcgi/users.c, auth_password_problem); the password confirmation is checked as you
// type; the server's own field errors (an existing name: 409) land at the field.
import { apiPath, type Call } from '../../api/client';
import type { Body } from '../../api/openapi';
import type { Role, User } from '../../api/types';
import { CheckField, FormView, SelectField, TextField, useForm, type Errors } from '../../components/Form';

export const ROLES: { value: Role; label: string; help: string }[] = [
  { value: 'admin', label: 'admin', help: 'everything, including users, everyone’s API tokens and the audit log' },
  { value: 'operator', label: 'operator', help: 'changes the cluster (pools, images, gateways…), but not users' },
  { value: 'viewer', label: 'viewer', help: 'sees everything, changes nothing' },
];

const roleOptions = ROLES.map((r) => ({ value: r.value, label: r.label }));

/** The roles explained, the chosen one marked. */
function RoleHelp({ role }: { role: string }) {
  return (
    <ul class="role-help">
      {ROLES.map((r) => (
        <li class={r.value === role ? 'on' : ''}>
          <b>{r.label}</b>: {r.help}
        </li>
      ))}
    </ul>
  );
}

const USERNAME = /^[A-Za-z0-9_.@-]{1,64}$/;

export function emailProblem(e: string): string {
  const at = e.indexOf('@');
  if (e.length > 254 || at < 1 || !e.slice(at + 1).includes('.') || /\s/.test(e)) return 'An address such as ops@example.com.';
  return '';
}

export function passwordProblem(username: string, pw: string): string {
  if (pw.length < 10) return 'At least 10 characters.';
  if (pw.length > 256) return 'At most 256 characters.';
  if (username && pw.toLowerCase() === username.toLowerCase()) return 'Not the user name.';
  return '';
}

export interface CreateValues extends Record<string, unknown> {
  username: string;
  password: string;
  password2: string;
  role: Role;
  email: string;
}

export function validateCreate(v: CreateValues): Errors<CreateValues> {
  const e: Errors<CreateValues> = {};
  if (!v.username) e.username = 'A user needs a name.';
  else if (!USERNAME.test(v.username)) e.username = '1 to 64 of A-Z a-z 0-9 _ . @ -';
  e.password = passwordProblem(v.username, v.password);
  if (v.password2 !== v.password) e.password2 = v.password2 ? 'The two passwords differ.' : 'Type the password again.';
  if (v.email.trim()) e.email = emailProblem(v.email.trim());
  return e;
}

export function createBody(v: CreateValues): Body<'/api/users', 'POST'> {
  const b: Body<'/api/users', 'POST'> = { username: v.username, password: v.password, role: v.role };
  if (v.email.trim()) b.email = v.email.trim();
  return b;
}

export interface EditValues extends Record<string, unknown> {
  role: Role;
  email: string;
  disabled: boolean;
  reset: boolean;
  password: string;
  password2: string;
  old_password: string;
  revoke_tokens: boolean;
}

export function editInitial(u: User): EditValues {
  return { role: u.role, email: u.email || '', disabled: u.disabled, reset: false, password: '', password2: '', old_password: '', revoke_tokens: false };
}

export function validateEdit(v: EditValues, u: User, self: boolean): Errors<EditValues> {
  const e: Errors<EditValues> = {};
  const email = v.email.trim();
  if (!email && u.email) e.email = 'An address can be changed but not removed.';
  else if (email) e.email = emailProblem(email);
  if (v.reset) {
    e.password = passwordProblem(u.username, v.password);
    if (v.password2 !== v.password) e.password2 = v.password2 ? 'The two passwords differ.' : 'Type the password again.';
    if (self && !v.old_password) e.old_password = 'Your current password is needed to change it.';
  }
  return e;
}

/** The PATCH body: only what changed (a user's own role and disabled flag never). */
export function editBody(v: EditValues, u: User, self: boolean): Body<'/api/users/{username}', 'PATCH'> {
  const b: Body<'/api/users/{username}', 'PATCH'> = {};
  if (!self && v.role !== u.role) b.role = v.role;
  if (v.email.trim() && v.email.trim() !== (u.email || '')) b.email = v.email.trim();
  if (!self && v.disabled !== u.disabled) b.disabled = v.disabled;
  if (v.reset) {
    b.password = v.password;
    if (self) b.old_password = v.old_password;
    if (v.revoke_tokens) b.revoke_tokens = true;
  }
  return b;
}

export function CreateUserForm({ onDone, onCancel }: { onDone: (username: string) => void; onCancel: () => void }) {
  const form = useForm<CreateValues>({ username: '', password: '', password2: '', role: 'operator', email: '' }, validateCreate);
  const call = (v: CreateValues): Call => ({ method: 'POST', path: apiPath('users'), body: createBody(v) });
  return (
    <FormView form={form} call={call} label="Create user" onDone={() => onDone(form.values.username)} onCancel={onCancel}>
      <TextField form={form} name="username" label="User name" autoFocus help="What they log in with: letters, digits, _ . @ -" />
      <div class="row2">
        <TextField form={form} name="password" label="Password" type="password" autocomplete="new-password" help="At least 10 characters, not the user name." />
        <TextField form={form} name="password2" label="Password again" type="password" autocomplete="new-password" help="To be sure it is what you meant." />
      </div>
      <SelectField form={form} name="role" label="Role" options={roleOptions} help={<RoleHelp role={form.values.role} />} />
      <TextField form={form} name="email" label="E-mail (optional)" type="email" placeholder="ops@example.com" help="Only kept as a contact address." />
    </FormView>
  );
}

export function EditUserForm({ user, self, onDone, onCancel }: { user: User; self: boolean; onDone: () => void; onCancel: () => void }) {
  const form = useForm<EditValues>(editInitial(user), (v) => validateEdit(v, user, self));
  const v = form.values;
  const call = (x: EditValues): Call => ({ method: 'PATCH', path: apiPath('users', user.username), body: editBody(x, user, self) });
  return (
    <FormView form={form} call={call} label="Save user" onDone={onDone} onCancel={onCancel}>
      {self ? (
        <div class="field">
          <span class="label">Role</span>
          <span>
            {user.role} <span class="muted">— this is your own account: another administrator can change your role.</span>
          </span>
        </div>
      ) : (
        <SelectField form={form} name="role" label="Role" options={roleOptions} help={<RoleHelp role={v.role} />} />
      )}
      <TextField form={form} name="email" label="E-mail" type="email" placeholder="ops@example.com" />
      {self ? (
        <div class="field">
          <span class="label">Status</span>
          <span>
            {user.disabled ? 'disabled' : 'active'} <span class="muted">— you cannot disable your own account.</span>
          </span>
        </div>
      ) : (
        <CheckField
          form={form}
          name="disabled"
          label="Disabled"
          help={v.disabled ? 'Cannot log in; their sessions and API tokens stop working until enabled again.' : 'Can log in.'}
        />
      )}
      <CheckField form={form} name="reset" label={self ? 'Change my password' : 'Set a new password'} help={self ? 'Your other sessions end; this one stays.' : 'They are logged out everywhere; their API tokens keep working.'} />
      {v.reset && (
        <>
          {self && <TextField form={form} name="old_password" label="Current password" type="password" autocomplete="current-password" />}
          <div class="row2">
            <TextField form={form} name="password" label="New password" type="password" autocomplete="new-password" help="At least 10 characters, not the user name." />
            <TextField form={form} name="password2" label="New password again" type="password" autocomplete="new-password" />
          </div>
          <CheckField
            form={form}
            name="revoke_tokens"
            label={self ? 'Also revoke my API tokens' : 'Also revoke their API tokens'}
            help="For a password that may have leaked: scripts using the tokens stop working and need new ones."
          />
        </>
      )}
    </FormView>
  );
}
