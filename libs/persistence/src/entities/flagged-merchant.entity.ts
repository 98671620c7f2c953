import type { LocalizedText } from '@sentinel/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('flagged_merchant')
export class FlaggedMerchantEntity {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' }) merchantId!: string;
  @Column({ type: 'text', array: true }) accounts!: string[];
  @Column('integer') flags!: number;
  @Column({ name: 'not_me', type: 'integer' }) notMe!: number;
  @Column('jsonb') explanation!: LocalizedText;
  @Column({ name: 'rule_set_version', type: 'integer' }) ruleSetVersion!: number;
  @Column({ name: 'first_flagged_at', type: 'timestamptz' }) firstFlaggedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
