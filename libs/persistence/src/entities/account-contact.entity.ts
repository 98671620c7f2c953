import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('account_contact')
export class AccountContactEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'account_id' }) accountId!: string;
  @Column() kind!: 'phone' | 'email';
  @Column() value!: string;
  @Column({ name: 'valid_from', type: 'timestamptz' }) validFrom!: Date;
  @Column({ name: 'valid_to', type: 'timestamptz', nullable: true }) validTo!: Date | null;
  @Column({ name: 'source_event_id' }) sourceEventId!: string;
}
