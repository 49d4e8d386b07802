// Turns blocks into a plain-text and a simple, inline-styled HTML body. Every value that reaches
// the HTML passes through `escapeHtml` here; locales only ever produce plain strings.
import type { Block, MailContent, RenderedMail } from './types.ts';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The footer as lines: legal name, address lines, contact, website, why this mail came. */
export type Footer = string[];

export function renderContent(content: MailContent, footer: Footer, lang: string): RenderedMail {
  for (const block of content.blocks) if (block.kind === 'link') assertWebUrl(block.url);
  return {
    subject: content.subject,
    text: renderText(content.blocks, footer),
    html: renderHtml(content, footer, lang),
  };
}

function renderText(blocks: Block[], footer: Footer): string {
  // "-- " on its own line is the signature separator mail clients recognise.
  return `${blocks.map(blockText).join('\n\n')}\n\n-- \n${footer.join('\n')}\n`;
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'heading':
      return `${block.text}\n${'-'.repeat(block.text.length)}`;
    case 'link':
      return `${block.label}:\n${block.url}`;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
  }
}

/**
 * A mail whose text staff wrote or edited by hand (the admin's reply composer): the text goes out as
 * written, and the HTML shows the same paragraphs, escaped, in the usual frame. The footer, if any,
 * is part of the text.
 */
export function renderEditedText(subject: string, text: string, lang: string): RenderedMail {
  const plain = text.replace(/\r\n?/g, '\n');
  const blocks: Block[] = plain
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => ({ kind: 'p', text: p }));
  return {
    subject,
    text: plain.endsWith('\n') ? plain : `${plain}\n`,
    html: renderHtml({ subject, blocks }, [], lang),
  };
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1f2328;';
const P = 'margin:0 0 16px;font-size:16px;line-height:1.5;';

function renderHtml(content: MailContent, footer: Footer, lang: string): string {
  const body = content.blocks.map(blockHtml).join('\n');
  const foot = footer.map(lines).join('<br>\n');
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">',
    `<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px;${FONT}">`,
    `<tr><td style="padding:28px 28px 12px;">\n${body}\n</td></tr>`,
    footer.length === 0
      ? ''
      : `<tr><td style="padding:16px 28px 24px;border-top:1px solid #e3e5e8;font-size:13px;line-height:1.5;color:#57606a;">\n${foot}\n</td></tr>`,
    '</table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `<p style="${P}">${lines(block.text)}</p>`;
    case 'heading':
      return `<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3;">${escapeHtml(block.text)}</h2>`;
    case 'link': {
      const href = escapeHtml(block.url);
      return [
        `<p style="${P}"><a href="${href}" style="display:inline-block;padding:10px 18px;background:#1f5fbf;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${escapeHtml(block.label)}</a></p>`,
        // The address in full too, for clients that hide buttons or strip links.
        `<p style="margin:0 0 16px;font-size:13px;color:#57606a;word-break:break-all;">${href}</p>`,
      ].join('\n');
    }
    case 'facts':
      return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;font-size:16px;line-height:1.5;">${block.rows
        .map(
          ([label, value]) =>
            `<tr><td style="padding:2px 16px 2px 0;color:#57606a;vertical-align:top;">${escapeHtml(label)}</td><td style="padding:2px 0;font-weight:bold;">${lines(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'list':
      return `<ul style="margin:0 0 16px;padding-left:20px;font-size:16px;line-height:1.5;">${block.items
        .map((item) => `<li>${lines(item)}</li>`)
        .join('')}</ul>`;
  }
}

/** Escaped, with line breaks kept (addresses and staff-written reasons span lines). */
function lines(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, '<br>');
}

/** Links are http(s) only: a `javascript:` or `data:` URL must never become a button. */
function assertWebUrl(url: string): void {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // falls through to the error below
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw new TypeError('mail links must be http(s) URLs');
}
