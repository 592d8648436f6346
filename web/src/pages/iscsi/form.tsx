// pages/iscsi/form.tsx - create an iSCSI target (POST) or replace one (PUT naming the
// version it read): the IQN, the lists (lists.tsx), CHAP. The checks (values.ts) run
// while typing; the server's errors land at their field, nested ones ("portals[0].ip")
// on their row. A 409 conflict (someone else saved the target meanwhile) offers a reload.
import { useEffect, useMemo } from 'preact/hooks';
import { ConfigForm, type ConfigFormProps } from '../../components/ConfigForm';
import { CheckField, TextField, useForm, type FormState } from '../../components/Form';
import { useChoices } from './choices';
import { AclRows, DiskRows, PortalRows } from './lists';
import type { Target } from './types';
import { checkTarget, formErrors, initialTarget, IQN_EXAMPLE, keepsPassword, targetBody, type TargetValues } from './values';

export function TargetForm({ fsid, item: target, onDone, onCancel, onReload }: ConfigFormProps<Target>) {
  const form = useForm<TargetValues>(initialTarget(target), (v) => formErrors(checkTarget(v, target)));
  const checks = useMemo(() => checkTarget(form.values, target), [form.values]);
  const ch = useChoices(fsid);
  const v = form.values;

  // A new target starts with a portal on the first gateway.
  useEffect(() => {
    const g = ch.gateways[0];
    if (target || !g || v.portals.length !== 1 || v.portals[0].host) return;
    form.set('portals', [{ host: g.id, ip: g.addresses[0] || '' }]);
  }, [ch.nodes]);

  return (
    <ConfigForm
      form={form}
      path={['clusters', fsid, 'iscsi', 'targets']}
      id={target?.iqn}
      body={(x) => targetBody(x, target)}
      noun="target"
      onDone={onDone}
      onCancel={onCancel}
      onReload={onReload}
      claims={(f) => /^(portals|disks|acls)\[/.test(f)}
    >
      {target ? (
        <div class="field">
          <span class="label">IQN</span>
          <code>{target.iqn}</code>
          <div class="help">A target's IQN cannot be changed; create a new target for another name.</div>
        </div>
      ) : (
        <TextField
          form={form}
          name="iqn"
          label="IQN"
          autoFocus
          placeholder={IQN_EXAMPLE}
          help="iqn.YYYY-MM.reverse.domain:name in lower case — the year and month your organisation held the domain, the domain reversed, a name of your choice."
        />
      )}

      <PortalRows form={form} checks={checks} ch={ch} />
      <DiskRows form={form} checks={checks} ch={ch} />

      <fieldset class="field gw-group">
        <legend class="label">Authentication</legend>
        <CheckField form={form} name="chap" label="Require CHAP: initiators log in with a user name and password" />
        {v.chap && (
          <>
            <div class="row2">
              <TextField form={form} name="auth.user" label="CHAP user" autocomplete="off" help="8 to 64 of A-Z a-z 0-9 _ . : @ -. On a tgt gateway a user name has one password for all its targets." />
              <PasswordField form={form} name="auth.password" label="CHAP password" keeps={keepsPassword(v, target, false)} stored={Boolean(target?.auth.password_set)} />
            </div>
            <CheckField form={form} name="mutual" label="Mutual CHAP: the target proves itself to the initiator too" />
            {v.mutual && (
              <div class="row2">
                <TextField form={form} name="auth.mutual_user" label="Mutual CHAP user" autocomplete="off" help="8 to 64 of A-Z a-z 0-9 _ . : @ -" />
                <PasswordField
                  form={form}
                  name="auth.mutual_password"
                  label="Mutual CHAP password"
                  keeps={keepsPassword(v, target, true)}
                  stored={Boolean(target?.auth.mutual_password_set)}
                />
              </div>
            )}
          </>
        )}
        {!v.chap && target?.auth.user && <div class="help">Saving without CHAP removes the stored user and password.</div>}
      </fieldset>

      <AclRows form={form} checks={checks} />
    </ConfigForm>
  );
}

/** A CHAP password: never shown by the API; on edit, empty keeps the stored one. */
function PasswordField(p: { form: FormState<TargetValues>; name: 'auth.password' | 'auth.mutual_password'; label: string; keeps: boolean; stored: boolean }) {
  const help = p.keeps
    ? 'A password is set. Leave this empty to keep it, or type a new one (12 to 16 of A-Z a-z 0-9 @ _ / -).'
    : p.stored
      ? 'The user name changed: the stored password is not kept. 12 to 16 of A-Z a-z 0-9 @ _ / -'
      : '12 to 16 of A-Z a-z 0-9 @ _ / -';
  return <TextField form={p.form} name={p.name} label={p.label} type="password" autocomplete="new-password" placeholder={p.keeps ? 'unchanged' : ''} help={help} />;
}
