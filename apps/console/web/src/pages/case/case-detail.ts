import type { QueueCase } from '../queue-page';

// Beside the case page's parts rather than in the page, which imports them: they read its shape.
type Localized = { en: string; 'zh-CN': string };
export interface CaseDetail {
  case: QueueCase & { assigneeId: string | null; resolution: string | null; ruleSetVersion: number; claimedAt: string | null };
  hits: { id: string; ruleId: string; severity: string; score: number; explanation: Localized; evidence: Record<string, unknown>; ruleSetVersion: number }[];
  ruleSets: { version: number; createdAt: string; createdBy: string; reason: string }[];
  alerts: {
    id: string;
    channel: string;
    template: string;
    recipient: string | null;
    status: string;
    providerStatus: string | null;
    lastError: string | null;
    sentAt: string | null;
    attempts: { attempt: number; at: string; status: string; error: string | null }[];
  }[];
  answers: { answer: string; via: string; outcome: 'applied' | 'unverified' | 'case_claimed' | 'case_resolved'; answeredAt: string }[];
  notes: { id: string; author: string; body: string; createdAt: string }[];
  audit: { id: string; at: string; actor: string; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
  contacts: { kind: 'phone' | 'email'; masked: string; since: string }[];
  snoozes: { id: string; ruleId: string; until: string; reason: string; createdBy: string }[];
  timeline: { id: string; type: string; occurredAt: string; channel?: string; device?: { id?: string; ip?: string }; flagged: boolean; payload: Record<string, unknown> }[];
  timelineTruncated: boolean;
}
