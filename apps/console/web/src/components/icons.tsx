import type { ComponentChildren } from 'preact';

/**
 * Icons drawn as inline SVG rather than typed as emoji or symbols: Debian's headless Chromium has
 * no emoji font and drew the bell as an empty box. Given a label, an icon is an image named in the
 * reader's language; without one it only decorates text beside it and is hidden from screen readers.
 */
function Icon({ label, children }: { label?: string; children: ComponentChildren }) {
  return (
    <svg
      class="icon"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' })}
    >
      {label && <title>{label}</title>}
      {children}
    </svg>
  );
}

export function BellIcon({ label }: { label?: string }) {
  return (
    <Icon label={label}>
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.7 21a2 2 0 0 1-3.4 0" />
    </Icon>
  );
}

export function MenuIcon({ label }: { label?: string }) {
  return (
    <Icon label={label}>
      <path d="M4 6h16M4 12h16M4 18h16" />
    </Icon>
  );
}

export function CloseIcon({ label }: { label?: string }) {
  return (
    <Icon label={label}>
      <path d="M18 6 6 18M6 6l12 12" />
    </Icon>
  );
}
