import type { CandorConfig } from '@candor/config';
import type { PolicyLinks } from '@candor/policy';
import type { Child } from 'hono/jsx';

// The shell of Candor's own pages (/privacy, /cookies, /privacy/requests) when the site the
// gateway serves does not have them: the company's name, logo and colours, links between the
// three pages, and no inline script or style.

export interface CandorLayoutProps {
  config: CandorConfig;
  links: PolicyLinks;
  title: string;
  description?: string | undefined;
  /** Candor's stylesheet, or the company's own when `branding.stylesheetUrl` is set. */
  stylesheet: string;
  /** Loads the consent banner (the cookie page's settings button needs it). */
  loader?: boolean;
  children?: Child;
}

export function CandorLayout({ config, links, title, description, stylesheet, loader, children }: CandorLayoutProps) {
  const { company, branding } = config;
  return (
    <html lang={config.locales[0] ?? 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${company.name}`}</title>
        {description && <meta name="description" content={description} />}
        <link rel="stylesheet" href={stylesheet} />
        {loader && <script src="/candor.js" defer />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="container">
            <a class="brand" href={company.website}>
              {branding.logoUrl && <img src={branding.logoUrl} alt="" />}
              <span>{company.name}</span>
            </a>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{company.legalName}</p>
            <nav aria-label="Privacy">
              <ul>
                <li>
                  <a href={links.privacy}>Privacy</a>
                </li>
                <li>
                  <a href={links.cookies}>Cookies</a>
                </li>
                <li>
                  <a href={links.requests}>Your privacy rights</a>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The page's heading block, like the site's PageHeader. */
export function PageHeader({ title, children }: { title: string; children?: Child }) {
  return (
    <header class="page-header">
      <div class="container">
        <p class="eyebrow">Privacy</p>
        <h1>{title}</h1>
        {children}
      </div>
    </header>
  );
}
