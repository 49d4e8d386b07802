// Every link in the dialog has an href and no button is ever disabled.
const FOCUSABLE = 'a,button,input:not(:disabled)';

/** Moves focus back to where it was; focusing an element no longer on the page does nothing. */
export function refocus(el: Element | null): void {
  (el as HTMLElement | null)?.focus?.();
}

/**
 * Shows a modal dialog: focus moves in and Tab wraps around inside it (the native dialog alone lets
 * Tab escape to the browser's toolbar), Esc closes it and focus returns to the opener.
 * @returns the function that closes it; safe to call more than once.
 */
export function openModal(dialog: HTMLDialogElement, opener: Element | null): () => void {
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    dialog.close();
    dialog.remove();
    refocus(opener);
  };
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Tab') {
      const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const [first, last] = [items[0], items.at(-1)];
      if (document.activeElement === (e.shiftKey ? first : last)) {
        e.preventDefault();
        (e.shiftKey ? last : first)?.focus();
      }
    }
  });
  dialog.addEventListener('close', close);
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  return close;
}
