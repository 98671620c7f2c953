import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** SMS that the dry-run driver would have sent, when no Twilio credentials are configured. */
@Entity('sms_outbox')
export class SmsOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'to_masked', type: 'text' }) toMasked!: string;
  @Column('text') body!: string;
}
