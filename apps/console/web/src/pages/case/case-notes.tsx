import { useState } from 'preact/hooks';
import { api } from '../../api';
import type { ApiSchema } from '../../api-types';
import { ErrorLine } from '../../components/error-line';
import { useAction } from '../../components/use-action';
import { useT } from '../../i18n';
import type { CaseDetail } from './case-detail';

type Analyst = ApiSchema<'Analyst'>;

/** An @mention as the server reads one: `@` then a handle, not an email's `@`. */
const MENTION = /(?<![\p{L}\p{N}._-])@[\p{L}\p{N}][\p{L}\p{N}._-]*/gu;
/** The word being typed at the end of the note, when it is an @mention still open. */
const OPEN_MENTION = /(?:^|\s)@([\p{L}\p{N}._-]*)$/u;

/** A note's text with its @mentions of known analysts marked. */
function NoteBody({ body, handles }: { body: string; handles: Set<string> }) {
  const parts: (string | { mention: string })[] = [];
  let at = 0;
  for (const m of body.matchAll(MENTION)) {
    const name = m[0].slice(1).replace(/[._-]+$/, '');
    if (!handles.has(name.toLowerCase())) continue;
    parts.push(body.slice(at, m.index), { mention: `@${name}` });
    at = m.index + 1 + name.length;
  }
  parts.push(body.slice(at));
  return (
    <p>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          <span key={i} class="mention" data-testid="mention">
            {p.mention}
          </span>
        ),
      )}
    </p>
  );
}

/**
 * The case's notes, and a box to add one. Typing @ offers the colleagues whose handle or name
 * starts with what follows; a mentioned colleague is notified the moment the note is saved.
 */
export function CaseNotes({ caseId, notes, analysts, onAdded }: { caseId: string; notes: CaseDetail['notes']; analysts: Analyst[]; onAdded: () => void }) {
  const { t, time } = useT();
  const [text, setText] = useState('');
  const { error, run } = useAction(onAdded);
  const active = analysts.filter((a) => !a.disabled);
  const handles = new Set(active.map((a) => a.username.toLowerCase()));
  const typing = OPEN_MENTION.exec(text)?.[1]?.toLowerCase();
  const suggestions = typing === undefined ? [] : active.filter((a) => a.username.toLowerCase().startsWith(typing) || a.displayName.toLowerCase().startsWith(typing)).slice(0, 6);
  const pick = (a: Analyst) => setText(text.replace(OPEN_MENTION, (whole) => `${whole.startsWith('@') ? '' : whole[0]}@${a.username} `));
  const add = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api('POST', `/api/cases/${caseId}/notes`, { body: text });
      setText('');
    });
  };
  return (
    <section>
      <h2>{t('notes')}</h2>
      {notes.length === 0 && <p class="muted">{t('noNotes')}</p>}
      <ul class="notes">
        {notes.map((n) => (
          <li key={n.id}>
            <NoteBody body={n.body} handles={handles} />
            <small>
              {n.author} · {time(n.createdAt)}
            </small>
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <textarea
          name="body"
          rows={3}
          required
          maxLength={4000}
          placeholder={t('notePlaceholder')}
          aria-label={t('addNote')}
          aria-describedby="note-mention-hint"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        {suggestions.length > 0 && (
          <div class="mention-suggestions" data-testid="mention-suggestions">
            {suggestions.map((a) => (
              <button key={a.id} type="button" class="link" data-username={a.username} aria-label={t('noteMentionPick', { name: a.displayName })} onClick={() => pick(a)}>
                @{a.username} · {a.displayName}
              </button>
            ))}
          </div>
        )}
        <p class="muted small" id="note-mention-hint">
          {t('noteMentionHint')}
        </p>
        <ErrorLine error={error} />
        <button type="submit">{t('addNote')}</button>
      </form>
    </section>
  );
}
