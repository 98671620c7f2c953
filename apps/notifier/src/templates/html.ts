function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export interface HtmlOptions {
  lang: string;
  /** The line holding this URL becomes its words and a button, so a phone user can tap it. */
  button?: { url: string; label: string };
}

const BUTTON_STYLE = 'display:inline-block;padding:12px 20px;background:#0b57d0;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:bold;font-size:16px';

/**
 * The HTML part of a message: the same lines as the text part, escaped, one paragraph each, in a
 * column no wider than a phone needs (600px at most, the whole width below that).
 */
export function htmlOf(lines: string[], { lang, button }: HtmlOptions): string {
  const paragraph = (line: string) => {
    if (!line) return '';
    if (button && line.includes(button.url)) {
      const words = line
        .replace(button.url, '')
        .trim()
        .replace(/[:：]$/, '');
      const link = `<a href="${escapeHtml(button.url)}" style="${BUTTON_STYLE}">${escapeHtml(button.label)}</a>`;
      return `<p style="margin:0 0 8px">${escapeHtml(words)}</p>\n<p style="margin:0 0 16px">${link}</p>`;
    }
    return `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`;
  };
  const body = lines.map(paragraph).join('\n');
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
    `<body style="margin:0;padding:0;background:#f4f5f7">\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse"><tr><td align="center" style="padding:16px 8px">\n` +
    `<div style="max-width:600px;width:100%;box-sizing:border-box;background:#ffffff;border-radius:8px;padding:20px 16px;text-align:left;` +
    `font-family:sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;word-wrap:break-word;overflow-wrap:anywhere">\n${body}\n</div>\n` +
    `</td></tr></table>\n</body></html>`
  );
}
