// 规则: the alert rules in the user's scope — each one's severity, what it asks for, quiet
// hours and debounce, and whether it runs. Admin and the office add and edit rules and switch
// them off or on (rules are never deleted: switching off keeps the record); everyone else reads.
import { EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { alertsApi, type AlertRuleView } from '../../api/alerts.ts';
import { api } from '../../api/client.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n, type Lang, type Translate } from '../../i18n/i18n.tsx';
import { formatTime, unitName } from '../../lib/format.ts';
import { gansuRegion } from '../../lib/gansu.ts';
import { riskName, type RiskNames } from '../mentions/analysis-tags.tsx';
import { SeverityTag, tierLabel } from './alert-tags.tsx';
import { RuleDrawer } from './rule-drawer.tsx';
import { useRowAction } from './use-row-action.ts';

/** What a rule asks for, one tag a condition; "every mention" when it asks nothing. */
function conditionTags(
  r: AlertRuleView,
  t: Translate,
  lang: Lang,
  names: { risk: RiskNames; schemes: ReadonlyMap<string, string> },
): string[] {
  const c = r.conditions;
  const out: string[] = [];
  if (c.schemeIds.length)
    out.push(
      t('alerts.rules.tag.schemes', {
        list: c.schemeIds.map((id) => names.schemes.get(id) ?? id).join('、'),
      }),
    );
  if (c.sentiment !== 'any') out.push(t(`alerts.rules.sentiment.${c.sentiment}`));
  if (c.riskCategories.length)
    out.push(
      t('alerts.rules.tag.risk', {
        list: c.riskCategories.map((id) => riskName(names.risk, id, lang)).join('、'),
      }),
    );
  if (c.regions.length)
    out.push(
      t('alerts.rules.tag.regions', {
        list: c.regions
          .map((code) => {
            const g = gansuRegion(code);
            return g ? (lang === 'en' ? g.nameEn : g.name) : code;
          })
          .join('、'),
      }),
    );
  if (c.minHeat !== null) out.push(t('alerts.rules.tag.heat', { n: c.minHeat }));
  if (c.burst) out.push(t('alerts.rules.burst'));
  if (c.authorityTiers.length)
    out.push(
      t('alerts.rules.tag.authority', {
        list: c.authorityTiers.map((tier) => tierLabel(tier, lang)).join('、'),
      }),
    );
  if (c.suggestedMajor) out.push(t('alerts.rules.suggestedMajor'));
  out.push(t('alerts.rules.tag.volume', { n: c.minVolume }));
  return out;
}

export function RulesTab({
  canManage,
  defaultUnitId,
}: {
  canManage: boolean;
  defaultUnitId: string;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<AlertRuleView | 'new' | null>(null);
  const toggle = useRowAction();

  const loadRules = useCallback((signal: AbortSignal) => alertsApi.rules(signal), []);
  const rules = useApi(loadRules);
  const loadUnits = useCallback((signal: AbortSignal) => api.units(signal), []);
  const units = useApi(loadUnits);
  const loadSchemes = useCallback((signal: AbortSignal) => api.schemes({ signal }), []);
  const schemes = useApi(loadSchemes);
  const loadAnalysis = useCallback((signal: AbortSignal) => api.analysisSettings(signal), []);
  const analysis = useApi(loadAnalysis);

  const categories = useMemo(() => analysis.data?.risk_lexicon.categories ?? [], [analysis.data]);
  const riskNames: RiskNames = useMemo(
    () => new Map(categories.map((c) => [c.id, c])),
    [categories],
  );
  const schemeList = useMemo(() => schemes.data?.items ?? [], [schemes.data]);
  const schemeNames = useMemo(() => new Map(schemeList.map((s) => [s.id, s.name])), [schemeList]);
  const unitList = useMemo(() => units.data?.items ?? [], [units.data]);
  const unitsById = useMemo(() => new Map(unitList.map((u) => [u.id, u])), [unitList]);

  const setEnabled = (r: AlertRuleView, enabled: boolean) =>
    toggle.run(r.id, async () => {
      // The whole rule goes along: the server fills what a PATCH leaves out with the defaults
      // (conditions, quiet hours, debounce), so `{ enabled }` alone would wipe the rule.
      await alertsApi.updateRule(r.id, {
        name: r.name,
        unit_id: r.unit_id,
        severity: r.severity,
        enabled,
        conditions: r.conditions,
        quiet_hours: r.quiet_hours,
        debounce_seconds: r.debounce_seconds,
      });
      void message.success(
        t(enabled ? 'alerts.rules.switchedOn' : 'alerts.rules.switchedOff', { name: r.name }),
      );
      rules.reload();
    });

  const columns: TableColumnsType<AlertRuleView> = [
    {
      title: t('alerts.rules.name'),
      key: 'name',
      width: 200,
      render: (_v, r) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong data-testid="rule-name-cell">
            {r.name}
          </Typography.Text>
          <Typography.Text type="secondary">
            {(() => {
              const u = unitsById.get(r.unit_id);
              return u ? unitName(u, lang) : '';
            })()}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('alerts.col.severity'),
      key: 'severity',
      width: 80,
      render: (_v, r) => <SeverityTag severity={r.severity} />,
    },
    {
      title: t('alerts.rules.conditions'),
      key: 'conditions',
      render: (_v, r) => (
        <Space size={[4, 4]} wrap data-testid="rule-conditions">
          {conditionTags(r, t, lang, { risk: riskNames, schemes: schemeNames }).map((s) => (
            <Tag key={s} variant="filled">
              {s}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('alerts.rules.timing'),
      key: 'timing',
      width: 170,
      render: (_v, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text type="secondary">
            {r.quiet_hours
              ? t('alerts.rules.quietShort', { from: r.quiet_hours.from, to: r.quiet_hours.to })
              : t('alerts.rules.noQuiet')}
          </Typography.Text>
          <Typography.Text type="secondary">
            {r.debounce_seconds
              ? t('alerts.rules.debounceShort', { n: r.debounce_seconds })
              : t('alerts.rules.noDebounce')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('alerts.rules.enabled'),
      key: 'enabled',
      width: 80,
      render: (_v, r) => (
        <Switch
          size="small"
          checked={r.enabled}
          loading={toggle.busy === r.id}
          disabled={!canManage}
          onChange={(on) => void setEnabled(r, on)}
          aria-label={t('alerts.rules.enabled')}
          data-testid="rule-enabled-switch"
        />
      ),
    },
    {
      title: t('alerts.rules.updated'),
      key: 'updated',
      width: 160,
      render: (_v, r) => formatTime(r.updated_at, lang),
    },
    {
      title: '',
      key: 'actions',
      width: 90,
      render: (_v, r) => (
        <Button
          size="small"
          icon={canManage ? <EditOutlined /> : <EyeOutlined />}
          onClick={() => setEditing(r)}
          data-testid={canManage ? 'rule-edit' : 'rule-view'}
        >
          {canManage ? t('alerts.edit') : t('alerts.view')}
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">{t('alerts.rules.intro')}</Typography.Text>
        {canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="rule-add"
          >
            {t('alerts.rules.add')}
          </Button>
        ) : null}
      </Space>
      {rules.error ? <LoadError error={rules.error} onRetry={rules.reload} /> : null}
      <Table<AlertRuleView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rules.data?.items ?? []}
        loading={rules.loading}
        pagination={false}
        scroll={{ x: 960 }}
        rowClassName={(r) => (r.enabled ? '' : 'alert-rule-off')}
        locale={{
          emptyText: rules.data ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.rules.empty')} />
          ) : (
            ' '
          ),
        }}
        data-testid="rules-table"
      />
      {editing ? (
        <RuleDrawer
          rule={editing === 'new' ? null : editing}
          units={unitList}
          schemes={schemeList}
          riskCategories={categories}
          defaultUnitId={defaultUnitId}
          canEdit={canManage}
          onClose={(changed) => {
            setEditing(null);
            if (changed) rules.reload();
          }}
        />
      ) : null}
    </Space>
  );
}
