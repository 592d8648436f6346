// components/Toasts.tsx - the tasks this tab started, bottom right: a progress bar
// while they run, a word when they end; a failure stays until dismissed.
import { dismiss, finished, useTasks } from '../api/tasks';
import { Meter } from './Health';

export function Toasts() {
  const { toasts } = useTasks();
  if (!toasts.length) return null;
  return (
    <div class="toasts" aria-live="polite">
      {toasts.map(({ task, label }) => {
        const tone = task.state === 'failed' ? 'err' : task.state === 'succeeded' ? 'ok' : task.state === 'cancelled' ? 'warn' : 'info';
        return (
          <div class={`toast ${tone}`} role={task.state === 'failed' ? 'alert' : 'status'} data-task={task.id}>
            <div class="toast-head">
              <strong>{label}</strong>
              {finished(task) && (
                <button type="button" class="icon-btn" aria-label="Dismiss" onClick={() => dismiss(task.id)}>
                  ×
                </button>
              )}
            </div>
            {!finished(task) && <Meter fraction={task.progress / 100} label={`${task.state === 'queued' ? 'queued' : task.progress + '%'}`} />}
            <div class="toast-msg">
              {task.state === 'succeeded'
                ? 'Done.'
                : task.state === 'failed'
                  ? task.error?.message || 'Failed.'
                  : task.state === 'cancelled'
                    ? 'Cancelled.'
                    : task.message || 'Working…'}
            </div>
            <a href={`/tasks?task=${task.id}`}>Task #{task.id}</a>
          </div>
        );
      })}
    </div>
  );
}
