import type { LocalizedText } from '@sentinel/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('rule_hit')
export class RuleHitEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  /** Its case's account, set by the database from the case: an event id is unique only within its account. */
  @Column({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'rule_id', type: 'text' }) ruleId!: string;
  @Column('text') severity!: string;
  @Column('integer') score!: number;
  @Column('jsonb') evidence!: Record<string, unknown>;
  @Column('jsonb') explanation!: LocalizedText;
  @Column({ name: 'rule_set_version', type: 'integer' }) ruleSetVersion!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
