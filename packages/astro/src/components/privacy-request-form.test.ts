// @vitest-environment happy-dom
// The form's enhancement posts JSON to the form's own action, which may be a gateway on another
// origin (the gateway answers the site's origins with CORS).
import { renderRequestForm } from '@candor/policy';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enhanceRequestForm } from './privacy-request-form.ts';

const GATEWAY = 'https://privacy.example.com/api/privacy-requests';

function mount(action: string): HTMLFormElement {
  document.body.innerHTML = renderRequestForm({ action, jurisdiction: 'gdpr', locale: 'de' });
  const form = document.querySelector<HTMLFormElement>('form[data-privacy-request-form]');
  if (!form) throw new Error('no form');
  enhanceRequestForm(form);
  return form;
}

function fill(form: HTMLFormElement) {
  form.querySelector<HTMLInputElement>('#erase')?.click();
  const email = form.querySelector<HTMLInputElement>('#email');
  if (email) email.value = 'ada@example.com';
}

const submit = async (form: HTMLFormElement) => {
  form.dispatchEvent(new Event('submit', { cancelable: true }));
  await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
  // Let the answer's handlers run.
  await new Promise((resolve) => setTimeout(resolve, 0));
};

afterEach(() => vi.unstubAllGlobals());

describe('the privacy request form’s enhancement', () => {
  it.each([
    ['a gateway on another origin', GATEWAY, GATEWAY],
    ['the same origin', '/api/privacy-requests', `${location.origin}/api/privacy-requests`],
  ])('posts JSON to %s, from the form’s action', async (_, action, url) => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ message: 'Sent.' }, { status: 202 })),
    );
    const form = mount(action);
    fill(form);
    await submit(form);
    expect(fetch).toHaveBeenCalledWith(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        type: 'erase',
        email: 'ada@example.com',
        details: '',
        jurisdiction: 'gdpr',
        locale: 'de',
        website: '',
      }),
    });
    expect(form.hidden).toBe(true);
    expect(document.querySelector('[data-confirmation-message]')?.textContent).toBe('Sent.');
  });

  it('shows the gateway’s field errors in place', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({ errors: [{ field: 'email', message: 'must be an email address' }] }, { status: 400 }),
      ),
    );
    const form = mount(GATEWAY);
    fill(form);
    await submit(form);
    expect(document.querySelector('[data-error-for="email"]')?.textContent).toBe('must be an email address');
    expect(document.querySelector('#email')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('error-summary')?.hidden).toBe(false);
  });
});
