import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { chrome, Layout, ROLE_LABELS, render, sectionsFor, staffUser } from './layout.tsx';

/** `GET /admin`: a card for each section the signed-in role can reach. */
export function registerHomeRoute(app: Hono<AppEnv>) {
  app.get('/admin/', (c) => c.redirect('/admin', 301));
  app.get('/admin', requireAuth(), (c) => {
    const principal = staffUser(c);
    const sections = sectionsFor(principal.role);
    return render(
      c,
      <Layout title="Candor admin" {...chrome(c, '/admin')}>
        <p>
          Signed in as {principal.email}, with the {ROLE_LABELS[principal.role]} role.
        </p>
        {sections.length > 0 && (
          <ul class="cards">
            {sections.map((s) => (
              <li>
                <h2>
                  <a href={s.href}>{s.label}</a>
                </h2>
                <p>{s.summary}</p>
              </li>
            ))}
          </ul>
        )}
        <p class="muted">
          Sessions end after {c.get('auth')?.sessions.idleMinutes} minutes without activity and after 12 hours in any
          case.
        </p>
      </Layout>,
    );
  });
}
