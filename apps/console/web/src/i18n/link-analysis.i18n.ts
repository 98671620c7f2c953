// --- #24: link analysis you can work in (filters by link type and time, expanding a node) ---
export const linkAnalysisEn = {
  linkKinds: 'Links shown',
  linkPeriod: 'Linked within',
  linkPeriodAll: 'any time',
  linkExpand: 'Expand {account}',
  linkExpanded: 'Expanded',
  linkExpanding: 'Expanding…',
  linkHidden: { one: '{count} link hidden by the filters', other: '{count} links hidden by the filters' },
  linkMore: 'Show up to {nodes} accounts',
  linkAccounts: { one: '{count} account on the graph', other: '{count} accounts on the graph' },
};

export const linkAnalysisZh: Record<keyof typeof linkAnalysisEn, string> = {
  linkKinds: '显示的关联',
  linkPeriod: '关联时间',
  linkPeriodAll: '不限',
  linkExpand: '展开 {account}',
  linkExpanded: '已展开',
  linkExpanding: '正在展开…',
  linkHidden: '筛选隐藏了 {count} 条关联',
  linkMore: '最多显示 {nodes} 个账户',
  linkAccounts: '图中共 {count} 个账户',
};
