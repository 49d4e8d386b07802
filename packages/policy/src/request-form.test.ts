import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { REQUEST_TEXT_MAX, type RequestFormOptions, RIGHTS, renderRequestForm } from './index.ts';

const OPTIONS: RequestFormOptions = { action: '/api/privacy-requests', jurisdiction: 'gdpr', locale: 'en' };

function dom(options: Partial<RequestFormOptions> = {}) {
  const document = new Window().document;
  document.body.innerHTML = renderRequestForm({ ...OPTIONS, ...options });
  const form = document.querySelector('form');
  if (!form) throw new Error('no form rendered');
  return { document, form };
}

describe('renderRequestForm', () => {
  it('posts urlencoded to the action, with the API field names', () => {
    const { form } = dom({ action: 'https://privacy.example.com/api/privacy-requests' });
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe('https://privacy.example.com/api/privacy-requests');
    expect(form.hasAttribute('enctype')).toBe(false);
    const names = new Set([...form.querySelectorAll('[name]')].map((el) => el.getAttribute('name')));
    expect([...names].sort()).toEqual([
      'details',
      'email',
      'jurisdiction',
      'locale',
      'rectification',
      'type',
      'website',
    ]);
  });

  it('has one radio per right, with the right id so #erase links land on it', () => {
    const { form } = dom();
    const radios = [...form.querySelectorAll('input[name="type"]')];
    expect(radios.map((r) => r.id)).toEqual(RIGHTS.map((right) => right.id));
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(RIGHTS.map((right) => right.id));
    expect(radios.map((r) => r.hasAttribute('required'))).toEqual(RIGHTS.map((_, i) => i === 0));
  });

  it.each([
    ['gdpr', 'jurisdiction-gdpr'],
    ['ccpa', 'jurisdiction-ccpa'],
  ] as const)('checks the %s jurisdiction by default', (jurisdiction, id) => {
    const { form } = dom({ jurisdiction });
    const checked = [...form.querySelectorAll('input[name="jurisdiction"]')].filter((r) => r.hasAttribute('checked'));
    expect(checked.map((r) => r.id)).toEqual([id]);
  });

  it('carries the hooks the site script enhances, all hidden until it reveals them', () => {
    const { document, form } = dom();
    expect(form.hasAttribute('data-privacy-request-form')).toBe(true);
    const summary = form.querySelector('#error-summary');
    expect(summary?.getAttribute('role')).toBe('alert');
    expect(summary?.hasAttribute('hidden')).toBe(true);
    expect(summary?.querySelector('ul[data-error-list]')).not.toBeNull();
    const placeholders = [...form.querySelectorAll('[data-error-for]')];
    expect(placeholders.map((p) => p.getAttribute('data-error-for'))).toEqual([
      'type',
      'email',
      'rectification',
      'details',
      'jurisdiction',
    ]);
    for (const p of placeholders) {
      expect(p.hasAttribute('hidden')).toBe(true);
      expect(p.textContent).toBe('');
    }
    expect(form.querySelector('[data-only-for="rectify"] #rectification')).not.toBeNull();
    expect(form.querySelector('#field-rectification [data-no-js-only]')?.textContent).toBe('(only for corrections)');
    expect(form.querySelector('button[type="submit"][data-submit]')).not.toBeNull();
    // The confirmation replaces the form, so it sits beside it, not inside it.
    const confirmation = document.querySelector('#request-confirmation');
    expect(confirmation?.closest('form')).toBeNull();
    expect(confirmation?.getAttribute('role')).toBe('status');
    expect(confirmation?.hasAttribute('hidden')).toBe(true);
    expect(confirmation?.querySelector('[data-confirmation-message]')).not.toBeNull();
  });

  it('points every aria-describedby and label at an element that exists', () => {
    const { document, form } = dom();
    const ids = [...form.querySelectorAll('[aria-describedby]')].flatMap((el) =>
      (el.getAttribute('aria-describedby') ?? '').split(' '),
    );
    const targets = [...ids, ...[...form.querySelectorAll('label[for]')].map((l) => l.getAttribute('for') ?? '')];
    expect(targets.length).toBeGreaterThan(20);
    for (const id of targets) expect(document.getElementById(id), id).not.toBeNull();
    expect(form.getAttribute('aria-labelledby')).toBe('request-form-title');
    expect(document.getElementById('request-form-title')?.textContent).toBe('Make a request');
  });

  it('leaves the text areas empty and caps them at the intake limit', () => {
    const { form } = dom();
    for (const id of ['rectification', 'details']) {
      const area = form.querySelector(`textarea#${id}`);
      expect(area?.textContent).toBe('');
      expect(area?.getAttribute('maxlength')).toBe(String(REQUEST_TEXT_MAX));
    }
  });

  it('escapes the locale and never lets the action run script', () => {
    const { form } = dom({ action: 'javascript:alert(1)', locale: '"><script>alert(1)</script>' });
    expect(form.getAttribute('action')).toBe('#');
    expect(form.querySelector('input[name="locale"]')?.getAttribute('value')).toBe('"><script>alert(1)</script>');
    expect(form.querySelector('script')).toBeNull();
  });
});
