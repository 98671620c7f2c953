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
import { EntityPage } from '../pages/entity-page';
import { SearchPage } from '../pages/search-page';
import { StepUpsPage } from '../pages/step-ups-page';
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
  const links: [string, string, boolean][] = [
    ['queue', t('queue'), true],
    ['step-ups', t('stepUps'), true],
    ['rules', t('rules'), atLeast('supervisor')],
    ['audit', t('auditLog'), atLeast('supervisor')],
    ['merchants', t('merchants'), true],
    ['metrics', t('metrics'), true],
    ['messages', t('messages'), true],
    ['analysts', t('analysts'), atLeast('admin')],
  ];
  return (
    <>
      <header class="topbar">
        <strong class="brand">{t('appName')}</strong>
        <nav>
          {links
            .filter(([, , shown]) => shown)
            .map(([path, label]) => (
              <a key={path} href={`#/${path}`} class={section === path || (path === 'queue' && section === 'cases') ? 'active' : ''}>
                {label}
              </a>
            ))}
          <a href="/docs" target="_blank" rel="noopener">
            {t('apiDocs')}
          </a>
        </nav>
        <SearchBox />
        <span class="who" data-testid="who">
          {me.displayName} · {me.role}
        </span>
        <a href="#/password">{t('changePassword')}</a>
        <LocaleSwitch />
        <button type="button" class="link" onClick={onLogout}>
          {t('logout')}
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
        ) : section === 'step-ups' ? (
          <StepUpsPage params={route.params} />
        ) : section === 'rules' ? (
          <RulesPage />
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
    </>
  );
}
