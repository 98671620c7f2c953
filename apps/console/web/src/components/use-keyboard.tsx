import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n';

/** Keys typed into a field are text, not commands; a ticked checkbox or a pressed button leaves the keys to the page. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName) || (target instanceof HTMLInputElement && !NOT_TEXT.has(target.type)));

/**
 * Single-key shortcuts for a page, plus `?` for the help overlay and Escape to close it. The
 * bindings may change every render; the listener always calls the latest ones.
 */
export function useKeyboard(bindings: Record<string, () => void>) {
  const [help, setHelp] = useState(false);
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === '?') setHelp((shown) => !shown);
      else if (e.key === 'Escape') setHelp(false);
      else if (latest.current[e.key]) {
        e.preventDefault();
        latest.current[e.key]();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  return { help: help ? <KeyHelp onClose={() => setHelp(false)} /> : null };
}

function KeyHelp({ onClose }: { onClose: () => void }) {
  const { t } = useT();
  const keys: [string, string][] = [
    ['j / k', t('actKeyMove')],
    ['Enter', t('actKeyOpen')],
    ['x', t('actKeyToggle')],
    ['c', t('actKeyClaim')],
    ['n', t('actKeyNote')],
    ['?', t('actKeyHelp')],
  ];
  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="keys-title" data-testid="key-help">
        <h2 id="keys-title">{t('actKeysTitle')}</h2>
        <dl class="keys">
          {keys.map(([key, what]) => (
            <>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </>
          ))}
        </dl>
        <p class="dialog-buttons">
          <button type="button" onClick={onClose}>
            {t('actClose')}
          </button>
        </p>
      </div>
    </div>
  );
}
