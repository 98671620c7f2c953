import type { ApiSchema } from '../api-types';

// --- #24: team views (saved filters shared with a team) ---
export const teamworkEn = {
  team: 'Team',
  teamNone: 'No team',
  teamHint: 'Analysts with one team name share their saved filters with each other.',
  filterVisibility: 'Who sees it',
  visibility_private: 'Only me',
  visibility_team: 'My team',
  filterShare: 'Share {name} with my team',
  filterUnshare: 'Make {name} mine only',
  filterOwner: 'by {name}',
  filterSharedBy: "{name}'s, shared with the team",
  'audit:saved_filter': 'Saved filters',
  'audit:saved_filter.created': 'Filter saved',
  'audit:saved_filter.changed': 'Filter changed',
  'audit:saved_filter.deleted': 'Filter deleted',
  'auditField:name': 'Name',
  'auditField:query': 'Filters',
  'auditField:visibility': 'Who sees it',
  // Live collaboration: @mentions and reassignments notify
  notification_mention: '{by} mentioned you on {ref}',
  notification_assigned: '{by} assigned {ref} to you',
  notification_unassigned: '{by} reassigned {ref}, which you held',
  notificationNote: '“{note}”',
  notificationReason: 'Reason: {reason}',
  notificationDismiss: 'Dismiss',
  noteMentionHint: 'Type @ and a colleague’s handle to notify them.',
  noteMentionPick: 'Mention {name}',
  assignReason: 'Reason (told to the analysts)',
};

export const teamworkZh: Record<keyof typeof teamworkEn, string> = {
  team: '团队',
  teamNone: '无团队',
  teamHint: '团队名称相同的分析员可以相互共享已保存的筛选。',
  filterVisibility: '可见范围',
  visibility_private: '仅自己',
  visibility_team: '我的团队',
  filterShare: '与团队共享“{name}”',
  filterUnshare: '将“{name}”设为仅自己可见',
  filterOwner: '{name} 共享',
  filterSharedBy: '{name} 共享给团队',
  'audit:saved_filter': '已保存的筛选',
  'audit:saved_filter.created': '保存筛选',
  'audit:saved_filter.changed': '修改筛选',
  'audit:saved_filter.deleted': '删除筛选',
  'auditField:name': '名称',
  'auditField:query': '筛选条件',
  'auditField:visibility': '可见范围',
  notification_mention: '{by} 在 {ref} 中提到了您',
  notification_assigned: '{by} 将 {ref} 分配给了您',
  notification_unassigned: '{by} 将您负责的 {ref} 改派给了他人',
  notificationNote: '“{note}”',
  notificationReason: '原因：{reason}',
  notificationDismiss: '关闭',
  noteMentionHint: '输入 @ 和同事的用户名即可通知对方。',
  noteMentionPick: '提及 {name}',
  assignReason: '原因（会告知相关分析员）',
};

/** The refusals of team views, in Chinese (the API words them in English). */
export const teamworkApiErrorsZh: Record<Extract<ApiSchema<'ApiErrorCode'>, 'FILTER_NOT_YOURS' | 'NO_TEAM'>, string> = {
  FILTER_NOT_YOURS: '这是队友共享给团队的筛选，只有创建者可以修改或删除。',
  NO_TEAM: '您不属于任何团队，无法共享筛选；请管理员将您加入团队。',
};
