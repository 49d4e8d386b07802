import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-inputs.ts';

/**
 * Requests node:http will not send: CR/LF in header values and paths, raw NULs and bytes, smuggling
 * framings, oversized headers. Written to a socket as latin1, so each char is one byte on the wire.
 */
export function rawRequests(): fc.Arbitrary<FuzzRequest> {
  const injected = fc.constantFrom(
    'x\r\nSet-Cookie: candor_session=forged',
    'x\r\n\r\nGET /etc/passwd HTTP/1.1',
    'x\nX-Injected: 1',
    'x\rX-Injected: 1',
    'x\u0000y',
    '\u00ff\u00fe\u00c0\u00ae',
  );
  const path = fc.constantFrom(
    '/api/event',
    '/u/abc',
    '/admin/login',
    '/../../etc/passwd',
    '/%00',
    '/a\u0000b',
    '/\u00c0\u00ae\u00c0\u00ae/etc/passwd',
    '/\u00ff',
    '/ HTTP/1.1\r\nX: y',
    '*',
    'http://evil.example/',
    `/${'a'.repeat(70_000)}`,
  );
  const line = (method: string, p: string, headers: string, body = '') =>
    `${method} ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n${body}`;
  const cases: fc.Arbitrary<string>[] = [
    fc
      .tuple(path, injected)
      .map(([p, v]) => line('GET', p, `Cookie: candor_session=${v}\r\nX-Forwarded-For: ${v}\r\n`)),
    fc.tuple(path, injected).map(([p, v]) => line('POST', p, `Content-Type: ${v}\r\nContent-Length: 2\r\n`, '{}')),
    injected.map((v) => line('GET', `/u/${v}`, '')),
    path.map((p) => line('GET', p, '')),
    fc.constantFrom(
      // Request smuggling framings: both lengths, duplicate lengths, bad chunk sizes.
      line('POST', '/api/event', 'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'),
      line('POST', '/api/consent', 'Content-Length: 2\r\nContent-Length: 40\r\n', '{}'),
      line('POST', '/api/event', 'Transfer-Encoding: chunked\r\n', 'zz\r\nabc\r\n0\r\n\r\n'),
      line('POST', '/api/event', 'Transfer-Encoding: chunked\r\n', `${'f'.repeat(20)}\r\nabc\r\n`),
      line('POST', '/api/event', 'Transfer-Encoding: gzip, chunked\r\n', '2\r\n{}\r\n0\r\n\r\n'),
      line('POST', '/api/event', 'Content-Length: -1\r\n', ''),
      line('GET', '/', `X-Big: ${'b'.repeat(20_000)}\r\n`),
      line('GET', '/', 'Host: second.example\r\n'),
      line('G\u0000T', '/', ''),
      line('GET', '/', 'Bad Header Name: x\r\n'),
      'GET / HTTP/9.9\r\n\r\n',
      'GET /\r\n\r\n',
      '\r\n\r\n\r\n',
      'GARBAGE\u0000\u00ff\u00fe\r\n\r\n',
      'POST /api/event HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"n":',
    ),
    fc
      .string({ unit: 'binary', maxLength: 300 })
      .map((s) => line('POST', '/api/event', 'Content-Type: text/plain\r\nContent-Length: 3\r\n', s)),
  ];
  return fc.oneof(...cases).map((raw) => ({ endpoint: '<raw socket>', method: 'RAW', path: '', headers: {}, raw }));
}
