// Enhances the privacy request form (<PrivacyRequestForm>, renderRequestForm in @candor/policy):
// shows the correction field only for corrections, selects the right a link pointed at (#erase),
// posts JSON with fetch, shows the gateway's field errors in place with a summary, and confirms
// inline. It posts to the form's own action, which may be the gateway on another origin: the
// gateway answers the site's origins with CORS, and a JSON post is preflighted like any other.
// Without this script the form posts urlencoded and the gateway answers with pages of its own.

interface FieldError {
  field: string;
  message: string;
}

/** Where a summary link for each field's error leads. */
const FOCUS_TARGET: Record<string, string> = {
  type: 'input[name="type"]',
  email: '#email',
  details: '#details',
  rectification: '#rectification',
  jurisdiction: 'input[name="jurisdiction"]',
};

const FIELD_LABEL: Record<string, string> = {
  type: 'What you want us to do',
  email: 'Email address',
  details: 'Details',
  rectification: 'What is wrong',
  jurisdiction: 'Where you live',
};

export function enhanceRequestForm(form: HTMLFormElement): void {
  const summary = document.getElementById('error-summary');
  const list = summary?.querySelector<HTMLUListElement>('[data-error-list]');
  const confirmation = document.getElementById('request-confirmation');
  const submitButton = form.querySelector<HTMLButtonElement>('[data-submit]');
  const rectification = form.querySelector<HTMLElement>('[data-only-for="rectify"]');
  if (!summary || !list || !confirmation || !submitButton) return;

  // Our own error summary replaces the browser's bubbles, so every error reads the same way.
  form.noValidate = true;
  for (const note of form.querySelectorAll<HTMLElement>('[data-no-js-only]')) note.hidden = true;

  const selectedType = () => form.querySelector<HTMLInputElement>('input[name="type"]:checked')?.value;
  const showRectification = () => {
    if (rectification) rectification.hidden = selectedType() !== 'rectify';
  };
  const selectFromHash = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const radio = id ? document.getElementById(id) : null;
    if (radio instanceof HTMLInputElement && radio.form === form && radio.name === 'type') {
      radio.checked = true;
      showRectification();
    }
  };
  form.addEventListener('change', showRectification);
  window.addEventListener('hashchange', selectFromHash);
  selectFromHash();
  showRectification();

  function clearErrors() {
    summary?.setAttribute('hidden', '');
    list?.replaceChildren();
    for (const el of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      el.hidden = true;
      el.textContent = '';
    }
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  function showErrors(errors: readonly FieldError[]) {
    clearErrors();
    for (const { field, message } of errors) {
      const inline = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(field)}"]`);
      const text = FIELD_LABEL[field] ? `${FIELD_LABEL[field]}: ${message}` : message;
      const item = document.createElement('li');
      const target = FOCUS_TARGET[field] ? form.querySelector<HTMLElement>(FOCUS_TARGET[field]) : null;
      if (target) {
        const link = document.createElement('a');
        link.href = `#${target.id}`;
        link.textContent = text;
        link.addEventListener('click', (event) => {
          event.preventDefault();
          target.focus();
        });
        item.append(link);
      } else item.textContent = text;
      list?.append(item);
      if (inline) {
        inline.textContent = message;
        inline.hidden = false;
      }
      for (const input of form.querySelectorAll(`[name="${CSS.escape(field)}"]`)) {
        input.setAttribute('aria-invalid', 'true');
      }
    }
    summary?.removeAttribute('hidden');
    summary?.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const type = text('type');
    const body: Record<string, string> = {
      type,
      email: text('email'),
      details: text('details'),
      jurisdiction: text('jurisdiction'),
      locale: text('locale'),
      website: text('website'),
    };
    if (type === 'rectify') body.rectification = text('rectification');

    submitButton.disabled = true;
    let res: Response;
    try {
      res = await fetch(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      // Offline or blocked: let the browser post the form the old way, which shows its own page.
      submitButton.disabled = false;
      form.submit();
      return;
    }
    submitButton.disabled = false;

    if (res.status === 202) {
      const answer = (await res.json().catch(() => ({}))) as { message?: string };
      const message = confirmation.querySelector('[data-confirmation-message]');
      if (message) message.textContent = answer.message ?? 'Check your email for a link to confirm your request.';
      form.hidden = true;
      confirmation.hidden = false;
      confirmation.focus();
      return;
    }
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; errors?: FieldError[] };
    if (res.status === 400 && problem.errors?.length) return showErrors(problem.errors);
    showErrors([
      {
        field: '',
        message:
          res.status === 429
            ? 'We received several requests from your connection in the last hour. Please try again in an hour.'
            : (problem.detail ?? 'Something went wrong on our side. Please try again in a moment.'),
      },
    ]);
  });
}
