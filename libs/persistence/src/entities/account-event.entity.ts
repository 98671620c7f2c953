import type { AccountEvent } from '@sentinel/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('account_event')
export class AccountEventEntity {
  /** Unique within its account only: the key is (accountId, id). */
  @PrimaryColumn('text') id!: string;
  @PrimaryColumn({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column('text') type!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column('text') channel!: string;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId!: string | null;
  @Column('jsonb') body!: AccountEvent;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
