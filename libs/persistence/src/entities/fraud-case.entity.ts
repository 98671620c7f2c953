import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CaseStatus = 'open' | 'in_review' | 'resolved';
export const CASE_RESOLUTIONS = ['fraud_confirmed', 'legitimate', 'inconclusive'] as const;
export type CaseResolution = (typeof CASE_RESOLUTIONS)[number];

/** Why a case was resolved: each reason belongs to one outcome, except `other`, which needs a note. */
export const RESOLUTION_REASONS = {
  confirmed_fraud: 'fraud_confirmed',
  borrower_denied: 'fraud_confirmed',
  borrower_confirmed: 'legitimate',
  false_positive: 'legitimate',
  duplicate: 'inconclusive',
  unreachable: 'inconclusive',
  other: null,
} as const satisfies Record<string, CaseResolution | null>;
export type ResolutionReason = keyof typeof RESOLUTION_REASONS;
export const RESOLUTION_REASON_CODES = Object.keys(RESOLUTION_REASONS) as [ResolutionReason, ...ResolutionReason[]];

@Entity('fraud_case')
export class FraudCaseEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'reference_code', type: 'text' }) referenceCode!: string;
  @Column({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column('text') status!: CaseStatus;
  @Column('text') decision!: 'alert' | 'urgent';
  @Column('integer') score!: number;
  @Column('text') priority!: 'normal' | 'high';
  @Column({ name: 'rule_set_version', type: 'integer' }) ruleSetVersion!: number;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId!: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ type: 'text', nullable: true }) resolution!: CaseResolution | null;
  @Column({ name: 'resolution_reason', type: 'text', nullable: true }) resolutionReason!: ResolutionReason | null;
  @Column({ name: 'resolution_note', type: 'text', nullable: true }) resolutionNote!: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'borrower_answer', type: 'text', nullable: true }) borrowerAnswer!: 'me' | 'not_me' | null;
  /** No answer to the alert and its reminder: the borrower may not be getting our messages. */
  @Column('boolean') unreachable!: boolean;
  /** The one analyst working the case; a second claim is refused while it is set. */
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true }) assigneeId!: string | null;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt!: Date | null;
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
  @Column({ name: 'escalated_by', type: 'text', nullable: true }) escalatedBy!: string | null;
  /** When an analyst first touched the case: the start of "time to first action". */
  @Column({ name: 'first_action_at', type: 'timestamptz', nullable: true }) firstActionAt!: Date | null;
  /** Opened by events older than the alert horizon: no borrower was told. */
  @Column('boolean') historical!: boolean;
}
