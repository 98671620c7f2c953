import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('rule_snooze')
export class RuleSnoozeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column({ name: 'rule_id', type: 'text' }) ruleId!: string;
  @Column('timestamptz') until!: Date;
  @Column('text') reason!: string;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true }) liftedAt!: Date | null;
  @Column({ name: 'lifted_by', type: 'text', nullable: true }) liftedBy!: string | null;
}
