import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CaseStatus = 'open' | 'in_review' | 'resolved';

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
  @Column({ type: 'text', nullable: true }) resolution!: 'fraud_confirmed' | 'legitimate' | 'inconclusive' | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'borrower_answer', type: 'text', nullable: true }) borrowerAnswer!: 'me' | 'not_me' | null;
  /** No answer to the alert and its reminder: the borrower may not be getting our messages. */
  @Column('boolean') unreachable!: boolean;
}
