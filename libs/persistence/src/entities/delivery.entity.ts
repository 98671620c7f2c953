import type { DeliveryChannelName } from '@sentinel/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The contract's channel names (`DELIVERY_CHANNELS`), as deliveries store them. */
export type DeliveryChannel = DeliveryChannelName;
export type DeliveryStatus = 'pending' | 'held' | 'sent' | 'failed' | 'skipped' | 'retrying' | 'dead';

@Entity('delivery')
export class DeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'alert_id', type: 'uuid' }) alertId!: string;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column('text') channel!: DeliveryChannel;
  @Column('text') template!: string;
  @Column({ name: 'recipient_masked', type: 'text', nullable: true }) recipientMasked!: string | null;
  /** sha256 of the address: tells recipients apart without storing the address again. */
  @Column({ name: 'recipient_hash', type: 'text' }) recipientHash!: string;
  /** The case for fraud alerts, the alert otherwise: at most one message per key, channel, template, recipient. */
  @Column({ name: 'dedupe_key', type: 'text' }) dedupeKey!: string;
  @Column('text') status!: DeliveryStatus;
  @Column({ name: 'provider_message_id', type: 'text', nullable: true }) providerMessageId!: string | null;
  @Column('integer') attempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId!: string | null;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  /** The provider's own status (queued, sent, delivered, undelivered, failed), from its callbacks. */
  @Column({ name: 'provider_status', type: 'text', nullable: true }) providerStatus!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
