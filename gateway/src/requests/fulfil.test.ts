import { describe, expect, it } from 'vitest';
import { downloadCodeHash, recordsCsv } from './export.ts';
import { DAY_MS, fulfilDeps, seedRequest, T0, unzip } from './fulfil.fixtures.ts';
import { answerFromOwnStores, buildAndStoreExport, eraseRequester } from './fulfil.ts';

const ADA = 'ada@example.com';

/** Ada unsubscribed from the newsletter, then from everything, and made an earlier erase request. */
async function adaWithHistory() {
  const env = fulfilDeps();
  const { deps } = env;
  await deps.unsubscribe.change(ADA, { add: ['newsletter'] }, 'one-click');
  env.advance(DAY_MS);
  await deps.unsubscribe.change(ADA, { add: ['*'] }, 'page');
  const earlier = await seedRequest(deps, { email: ADA, type: 'object', details: 'Stop the newsletter' });
  const other = await seedRequest(deps, { email: 'bob@example.com' });
  env.advance(2 * DAY_MS);
  const current = await seedRequest(deps, { email: ADA, type: 'access' });
  return { ...env, earlier, other, current };
}

describe('answerFromOwnStores', () => {
  it('lists the suppressions and earlier requests of the email, and says why consent and analytics hold nothing', async () => {
    const { deps, current, earlier } = await adaWithHistory();
    const answers = await answerFromOwnStores(deps, current);
    const by = new Map(answers.map((a) => [a.source, a]));
    expect([...by.keys()]).toEqual([
      'candor.consent',
      'candor.suppressions',
      'candor.requests',
      'candor.mail',
      'candor.analytics',
    ]);
    expect(by.get('candor.suppressions')?.records).toEqual([
      expect.objectContaining({ list: 'newsletter', since: T0.toISOString(), source: 'one-click' }),
      expect.objectContaining({ list: 'all', list_name: 'All marketing email', source: 'page' }),
    ]);
    expect(by.get('candor.requests')?.records).toEqual([
      expect.objectContaining({ reference: earlier.reference, type: 'object', status: 'verified' }),
    ]);
    expect(by.get('candor.mail')?.records).toEqual([
      expect.objectContaining({ request: earlier.reference, subject: 'Confirm your privacy request' }),
      expect.objectContaining({ request: current.reference, subject: 'Confirm your privacy request' }),
    ]);
    expect(by.get('candor.consent')?.records).toEqual([]);
    expect(by.get('candor.consent')?.summary).toContain('/api/consent/<id>');
    expect(by.get('candor.analytics')?.records).toEqual([]);
    expect(by.get('candor.analytics')?.summary).toMatch(/no cookies, no IP address/);
  });

  it('never lists another person’s requests, nor the current one', async () => {
    const { deps, current, other } = await adaWithHistory();
    const refs = (await answerFromOwnStores(deps, current))
      .flatMap((a) => a.records)
      .map((r) => r.reference ?? r.request);
    expect(refs).not.toContain(other.reference);
    const requests = (await answerFromOwnStores(deps, current)).find((a) => a.source === 'candor.requests');
    expect(requests?.records.map((r) => r.reference)).not.toContain(current.reference);
  });

  it('says plainly when nothing is held', async () => {
    const { deps } = fulfilDeps();
    const request = await seedRequest(deps, { email: 'new@example.com' });
    const answers = await answerFromOwnStores(deps, request);
    expect(answers.filter((a) => a.records.length > 0).map((a) => a.source)).toEqual(['candor.mail']);
    expect(answers.find((a) => a.source === 'candor.suppressions')?.summary).toMatch(/not unsubscribed/);
  });
});

describe('buildAndStoreExport', () => {
  it('zips data.json, a CSV per source with records and a README, and stores only the code hash', async () => {
    const { deps, records, current } = await adaWithHistory();
    const reports = [
      {
        requestId: current.id,
        system: 'crm',
        status: 'done' as const,
        data: [{ name: 'Ada', address: { city: 'London' }, note: '=HYPERLINK("x")' }],
        reportedAt: new Date(T0.getTime() + 3 * DAY_MS),
      },
    ];
    const built = await buildAndStoreExport(deps, current, reports);

    expect(built.code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(built.expiresAt).toEqual(new Date(deps.now() + 7 * DAY_MS));
    const stored = await records.requests.getExport(current.id, new Date(deps.now()));
    expect(stored?.codeHash).toBe(await downloadCodeHash(current.id, built.code));
    expect(stored?.codeHash).not.toContain(built.code);
    expect(JSON.stringify(await records.requests.events(current.id))).not.toContain(built.code);

    const files = unzip(built.bytes);
    expect([...files.keys()].sort()).toEqual([
      'README.txt',
      'candor.mail.csv',
      'candor.requests.csv',
      'candor.suppressions.csv',
      'crm.csv',
      'data.json',
    ]);
    const data = JSON.parse(files.get('data.json') ?? '');
    expect(data.request).toMatchObject({ reference: current.reference, type: 'access', email: ADA });
    expect(data.sources.map((s: { source: string }) => s.source)).toContain('candor.analytics');
    expect(data.sources.find((s: { source: string }) => s.source === 'crm')).toMatchObject({
      kind: 'connected_system',
      status: 'done',
      records: reports[0]?.data,
    });
    expect(files.get('candor.suppressions.csv')?.split('\r\n')[0]).toBe('list,list_name,since,source,how');
    expect(files.get('crm.csv')).toBe(`name,address.city,note\r\nAda,London,"'=HYPERLINK(""x"")"\r\n`);
    const readme = files.get('README.txt') ?? '';
    for (const name of ['data.json', 'crm.csv', 'candor.suppressions.csv', 'since:', 'candor.consent']) {
      expect(readme).toContain(name);
    }
  });

  it('counts expiry from retention.exportPackageDays', async () => {
    const base = fulfilDeps();
    const config = { ...base.deps.config, retention: { ...base.deps.config.retention, exportPackageDays: 2 } };
    const { deps } = fulfilDeps({ config });
    const request = await seedRequest(deps);
    const built = await buildAndStoreExport(deps, request, []);
    expect(built.expiresAt).toEqual(new Date(T0.getTime() + 2 * DAY_MS));
  });
});

describe('recordsCsv', () => {
  it.each([
    [[{ a: 1, b: { c: 'x', d: { e: true } } }], 'a,b.c,b.d.e\r\n1,x,true\r\n'],
    // The list's `;` is quoted: a German or French Excel splits on it.
    [[{ a: 1 }, { b: [1, 2] }], 'a,b\r\n1,\r\n,"1; 2"\r\n'],
    [[{ tags: [{ k: 1 }] }], 'tags\r\n"[{""k"":1}]"\r\n'],
  ])('flattens %j', (records, csv) => {
    expect(recordsCsv(records)).toBe(csv);
  });
});

describe('eraseRequester', () => {
  it('minimises the other requests of the email, keeps the suppressions and the current request', async () => {
    const { deps, records, current, earlier, other } = await adaWithHistory();
    const counts = await eraseRequester(deps, current, 'user-1');
    expect(counts).toEqual({
      requestsMinimised: 1,
      suppressionsKept: 2,
      suppressionsAdded: 0,
      consentRecords: 0,
      analyticsEvents: 0,
    });

    const minimised = await records.requests.byId(earlier.id);
    expect(minimised).toMatchObject({ email: null, emailHash: null, details: null, reference: earlier.reference });
    expect(await records.requests.byId(other.id)).toMatchObject({ email: 'bob@example.com' });
    expect(await records.requests.byId(current.id)).toMatchObject({ email: ADA, minimisedAt: null });
    expect((await deps.unsubscribe.state(ADA)).all).toBe(true);
    const erased = (await records.requests.events(current.id)).find((e) => e.kind === 'erased');
    expect(erased).toMatchObject({ actor: 'user-1', detail: { minimised: 1 } });
  });

  it('suppresses an address that had no suppression, for every list, so no further marketing reaches it', async () => {
    const { deps, other } = await adaWithHistory();
    expect((await deps.unsubscribe.state('bob@example.com')).all).toBe(false);
    const counts = await eraseRequester(deps, other, 'user-1');
    expect(counts).toMatchObject({ suppressionsAdded: 1, suppressionsKept: 1 });
    expect((await deps.unsubscribe.state('bob@example.com')).all).toBe(true);
    const [row] = await deps.records.suppressions.ofHashes(await deps.unsubscribe.hashesOf('bob@example.com'));
    expect(row).toMatchObject({ list: '*', source: 'privacy-request' });
  });
});
