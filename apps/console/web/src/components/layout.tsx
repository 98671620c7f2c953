import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { AnalystsPage } from '../pages/analysts-page';
import { AuditPage } from '../pages/audit-page';
import { CasePage } from '../pages/case-page';
import { MerchantsPage } from '../pages/merchants-page';
import { MessagesPage } from '../pages/messages-page';
import { MetricsPage } from '../pages/metrics-page';
import { PasswordPage } from '../pages/password-page';
import { QueuePage } from '../pages/queue-page';
import { RulesPage } from '../pages/rules-page';
import { ApprovalsPage } from '../pages/approvals-page';
import { RoutingPage } from '../pages/routing-page';
import { EntityPage } from '../pages/entity-page';
import { SearchPage } from '../pages/search-page';
import { StepUpsPage } from '../pages/step-ups-page';
import { RingGroupPage } from '../pages/ring-group-page';
import { SlaPage } from '../pages/sla-page';
import { CloseIcon, MenuIcon } from './icons';
import { NotificationBell, NotificationsProvider, NotificationToast, SlaCountBadge, SlaLiveProvider } from './sla-notifications';
import { SearchBox } from './search-box';
import { useRoute } from '../router';
import { useSession } from '../session';
import { LocaleSwitch } from './locale-switch';

export function Layout({ onLogout }: { onLogout: () => void }) {
  const { t } = useT();
  const { me, atLeast } = useSession();
  const route = useRoute();
  const caseId = /^\/cases\/([0-9a-f-]{36})$/.exec(route.path)?.[1];
  const section = route.path.split('/')[1];
  // "My cases" is the queue filtered to the analyst's own: it, not Queue, is lit while it shows.
  const activeLink = section === 'cases' || section === 'rings' ? 'queue' : section === 'queue' && route.params.get('assigned') === 'me' ? 'queue?assigned=me' : section;
  const [menuOpen, setMenuOpen] = useState(false);
  // A page chosen from the menu closes it.
  useEffect(() => setMenuOpen(false), [route.path]);
  const links: [string, ComponentChildren, boolean][] = [
    ['queue', t('queue'), true],
    ['queue?assigned=me', t('myCases'), true],
    ['step-ups', t('stepUps'), true],
    ['rules', t('rules'), atLeast('supervisor')],
    ['approvals', t('approvals'), true],
    ['audit', t('auditLog'), atLeast('supervisor')],
    ['routing', t('routing'), atLeast('supervisor')],
    [
      'sla',
      <>
        {t('slaNav')} <SlaCountBadge />
      </>,
      atLeast('supervisor'),
    ],
    ['merchants', t('merchants'), true],
    ['metrics', t('metrics'), true],
    ['messages', t('messages'), true],
    ['analysts', t('analysts'), atLeast('admin')],
  ];
  const page = (
    <>
      <header class={`topbar${menuOpen ? ' open' : ''}`}>
        <strong class="brand">{t('appName')}</strong>
        {/* At phone width the pages and account links fold behind one button, so the header stays one short row. */}
        <div class="topbar-menu" id="topbar-menu">
          <nav>
            {links
              .filter(([, , shown]) => shown)
              .map(([path, label]) => (
                <a key={path} href={`#/${path}`} class={activeLink === path ? 'active' : ''}>
                  {label}
                </a>
              ))}
            <a href="/docs" target="_blank" rel="noopener">
              {t('apiDocs')}
            </a>
          </nav>
          <a href="#/password" class="account-link">
            {t('changePassword')}
          </a>
          <LocaleSwitch />
          <button type="button" class="link" onClick={onLogout}>
            {t('logout')}
          </button>
        </div>
        <NotificationBell />
        <SearchBox />
        <span class="who" data-testid="who">
          {me.displayName} · {me.role}
        </span>
        <button type="button" class="menu-toggle" data-testid="menu-toggle" aria-expanded={menuOpen} aria-controls="topbar-menu" onClick={() => setMenuOpen((open) => !open)}>
          {menuOpen ? <CloseIcon /> : <MenuIcon />} {t('menu')}
        </button>
      </header>
      <main>
        {caseId ? (
          // Keyed by case: nothing one case revealed or typed survives into another.
          <CasePage key={caseId} id={caseId} />
        ) : section === 'search' ? (
          <SearchPage run={route.params.get('n') ?? ''} />
        ) : section === 'entities' && route.path.split('/').length === 4 ? (
          <EntityPage key={route.path} kind={route.path.split('/')[2]} value={decodeURIComponent(route.path.split('/')[3])} />
        ) : section === 'rings' && route.path.split('/').length === 3 ? (
          <RingGroupPage key={route.path} id={route.path.split('/')[2]} />
        ) : section === 'step-ups' ? (
          <StepUpsPage params={route.params} />
        ) : section === 'rules' ? (
          <RulesPage />
        ) : section === 'routing' ? (
          <RoutingPage />
        ) : section === 'sla' ? (
          <SlaPage />
        ) : section === 'approvals' ? (
          <ApprovalsPage />
        ) : section === 'audit' ? (
          <AuditPage params={route.params} />
        ) : section === 'merchants' ? (
          <MerchantsPage selected={route.params.get('id') ?? undefined} />
        ) : section === 'metrics' ? (
          <MetricsPage />
        ) : section === 'messages' ? (
          <MessagesPage />
        ) : section === 'password' ? (
          <PasswordPage />
        ) : section === 'analysts' ? (
          <AnalystsPage />
        ) : (
          <QueuePage params={route.params} />
        )}
      </main>
      <NotificationToast />
    </>
  );
  // Everyone's bell follows the live feed; supervisors' header also follows the SLA breach count.
  return <NotificationsProvider>{atLeast('supervisor') ? <SlaLiveProvider>{page}</SlaLiveProvider> : page}</NotificationsProvider>;
}
