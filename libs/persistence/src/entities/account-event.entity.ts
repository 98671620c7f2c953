import type { AccountEvent } from '@sentinel/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('account_event')
export class AccountEventEntity {
  @PrimaryColumn('text') id!: string;
  @Column({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column('text') type!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column('text') channel!: string;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId!: string | null;
  @Column('jsonb') body!: AccountEvent;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
