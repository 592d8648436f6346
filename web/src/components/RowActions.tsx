// components/RowActions.tsx - the Edit and Delete buttons of a table row, the same
// words and order on every page (Delete opens the page's confirmation).

export function EditDelete({ onEdit, onDelete }: { onEdit: () => void; onDelete: () => void }) {
  return (
    <>
      <button type="button" class="btn small" onClick={onEdit}>
        Edit
      </button>
      <button type="button" class="btn small danger" onClick={onDelete}>
        Delete
      </button>
    </>
  );
}
