'use strict';
// The minimal console: cases with their hits, deliveries and timeline, plus what the mail catcher
// and the dry-run SMS outbox received. Everything is written with textContent, never as HTML.

const $ = (id) => document.getElementById(id);
let lang = 'en';
let openCaseId = null;

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

const time = (iso) => new Date(iso).toLocaleString();

async function loadCases() {
  const { items } = await getJson('/api/cases?limit=100');
  const body = $('case-rows');
  body.replaceChildren(
    ...items.map((c) => {
      const row = el('tr');
      row.dataset.id = c.id;
      row.append(
        el('td', c.referenceCode),
        el('td', c.accountId),
        el('td', c.decision, `decision-${c.decision}`),
        el('td', c.score),
        el('td', c.status),
        el('td', time(c.openedAt)),
        el('td', `v${c.ruleSetVersion}`),
      );
      row.addEventListener('click', () => showCase(c.id));
      return row;
    }),
  );
  $('cases-empty').hidden = items.length > 0;
}

async function showCase(id) {
  openCaseId = id;
  const { case: c, hits, deliveries, timeline } = await getJson(`/api/cases/${id}`);
  const article = $('case-detail');
  const parts = [el('h2', `Case ${c.referenceCode} · ${c.decision} · score ${c.score}`)];
  parts.push(el('p', `Account ${c.accountId} · status ${c.status} · rule set v${c.ruleSetVersion}`, 'meta'));
  parts.push(el('h3', 'Why it was flagged'));
  for (const hit of hits) {
    const block = el('div');
    block.append(el('strong', `${hit.ruleId} (${hit.severity}, +${hit.score})`), el('pre', hit.explanation[lang]));
    parts.push(block);
  }
  parts.push(el('h3', 'Deliveries'));
  if (deliveries.length === 0) parts.push(el('p', 'None yet.', 'empty'));
  for (const d of deliveries) {
    parts.push(el('p', `${d.channel} → ${d.recipientMasked ?? '—'}: ${d.status}${d.lastError ? ` (${d.lastError})` : ''} · ${d.attempts} attempt(s)`));
  }
  parts.push(el('h3', 'Account timeline'));
  for (const event of timeline) {
    parts.push(el('p', `${time(event.occurredAt)} · ${event.type} · ${event.channel}${event.device ? ` · device ${event.device.id}` : ''}`));
  }
  article.replaceChildren(...parts);
  article.hidden = false;
}

async function loadMail() {
  const { items } = await getJson('/api/messages/mail');
  $('mail-list').replaceChildren(
    ...items.map((m) => {
      const box = el('div', undefined, 'message');
      box.append(el('strong', m.subject), el('p', `${time(m.receivedAt)} · to ${m.rcptTo.join(', ')}`, 'meta'), el('pre', m.textBody));
      return box;
    }),
  );
  $('mail-empty').hidden = items.length > 0;
}

async function loadSms() {
  const { items } = await getJson('/api/messages/sms');
  $('sms-list').replaceChildren(
    ...items.map((m) => {
      const box = el('div', undefined, 'message');
      box.append(el('p', `${time(m.createdAt)} · to ${m.toMasked}`, 'meta'), el('pre', m.body));
      return box;
    }),
  );
  $('sms-empty').hidden = items.length > 0;
}

async function refresh() {
  try {
    await Promise.all([loadCases(), loadMail(), loadSms()]);
    if (openCaseId) await showCase(openCaseId);
  } catch (error) {
    console.error(error);
  }
}

for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => {
    document.querySelectorAll('nav button, .tab').forEach((n) => n.classList.remove('active'));
    button.classList.add('active');
    $(button.dataset.tab).classList.add('active');
  });
}
$('lang').addEventListener('change', (e) => {
  lang = e.target.value;
  if (openCaseId) showCase(openCaseId);
});

refresh();
setInterval(refresh, 3000);
