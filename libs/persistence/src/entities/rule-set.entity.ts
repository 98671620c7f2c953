import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('rule_set')
export class RuleSetEntity {
  @PrimaryColumn('integer') version!: number;
  @Column('jsonb') settings!: { rules: Record<string, unknown>; decisions: Record<string, number> };
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
}
