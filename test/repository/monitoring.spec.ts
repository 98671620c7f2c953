import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../../scripts/lib/repo-root';

const PROMETHEUS = join(repoRoot(), 'docker/prometheus');
const promtool = (...args: string[]) => execFileSync('promtool', args, { cwd: PROMETHEUS, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

type Rule = { alert: string; expr: string; annotations: { runbook_url: string } };
type Panel = { type: string; title: string; datasource: { uid: string }; targets: { expr: string }[] };

describe('the monitoring an operator loads (docker/prometheus, docker/grafana)', () => {
  const rules = (parse(readFileSync(join(PROMETHEUS, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

  it('has alerting rules and a Prometheus config that promtool accepts', () => {
    expect(promtool('check', 'rules', 'alerts.yml')).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(promtool('check', 'config', 'prometheus.yml')).toContain('SUCCESS');
  });

  it('shows each alert firing on one recorded series and silent on another (promtool test rules)', () => {
    expect(promtool('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS');
    const tests = (
      parse(readFileSync(join(PROMETHEUS, 'alerts.test.yml'), 'utf8')) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] }
    ).tests.flatMap((t) => t.alert_rule_test);
    for (const { alert } of rules) {
      const cases = tests.filter((t) => t.alertname === alert);
      expect({ alert, fires: cases.some((c) => c.exp_alerts.length > 0), silent: cases.some((c) => c.exp_alerts.length === 0) }).toEqual({ alert, fires: true, silent: true });
    }
  });

  it('gives every alert a runbook section in docs/operations.md', () => {
    const headings = new Set([...readFileSync(join(repoRoot(), 'docs/operations.md'), 'utf8').matchAll(/^### (\S+)/gm)].map((m) => m[1].toLowerCase()));
    for (const { alert, annotations } of rules) {
      expect({ alert, runbook: annotations.runbook_url }).toEqual({ alert, runbook: `docs/operations.md#${alert.toLowerCase()}` });
      expect({ alert, section: headings.has(alert.toLowerCase()) }).toEqual({ alert, section: true });
    }
  });

  it('has a Grafana dashboard whose panels query metrics the services export, from the provisioned data source', () => {
    const dashboard = JSON.parse(readFileSync(join(repoRoot(), 'docker/grafana/dashboards/account-sentinel.json'), 'utf8')) as { uid: string; title: string; panels: Panel[] };
    const datasource = (parse(readFileSync(join(repoRoot(), 'docker/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: { uid: string }[] })
      .datasources[0];
    expect(dashboard.uid).toBe('account-sentinel');
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
    for (const panel of dashboard.panels) {
      expect({ title: panel.title, type: panel.type, uid: panel.datasource.uid }).toEqual({ title: panel.title, type: 'timeseries', uid: datasource.uid });
      for (const { expr } of panel.targets) expect(expr).toMatch(/\b(sentinel_[a-z_]+|up)\b/);
    }
    const queried = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of [
      'sentinel_gateway_events_total',
      'sentinel_consumer_stalled_partitions',
      'sentinel_detector_stage_seconds_total',
      'sentinel_notifier_deliveries_total',
      'sentinel_detector_dead_letters_total',
      'sentinel_detector_cases_total',
      'sentinel_ready',
    ]) {
      expect(queried).toContain(metric);
    }
  });
});
