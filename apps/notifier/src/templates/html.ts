function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The HTML part of a message: the same lines as the text part, escaped, one paragraph each. */
export function htmlOf(lines: string[]): string {
  const body = lines.map((line) => (line ? `<p style="margin:0 0 8px">${escapeHtml(line)}</p>` : '')).join('\n');
  return `<!doctype html><html><body style="font-family:sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">\n${body}\n</body></html>`;
}
