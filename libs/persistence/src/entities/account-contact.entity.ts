import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('account_contact')
export class AccountContactEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column('text') kind!: 'phone' | 'email';
  @Column('text') value!: string;
  @Column({ name: 'valid_from', type: 'timestamptz' }) validFrom!: Date;
  @Column({ name: 'valid_to', type: 'timestamptz', nullable: true }) validTo!: Date | null;
  @Column({ name: 'source_event_id', type: 'text' }) sourceEventId!: string;
}
