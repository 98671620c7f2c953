import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Mail received by the built-in mail catcher, so a newcomer sees what borrowers would get. */
@Entity('caught_mail')
export class CaughtMailEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'mail_from', type: 'text', nullable: true }) mailFrom!: string | null;
  @Column({ name: 'rcpt_to', type: 'text', array: true }) rcptTo!: string[];
  @Column({ type: 'text', nullable: true }) subject!: string | null;
  @Column({ name: 'text_body', type: 'text', nullable: true }) textBody!: string | null;
  @Column({ name: 'html_body', type: 'text', nullable: true }) htmlBody!: string | null;
  @Column({ name: 'size_bytes', type: 'integer' }) sizeBytes!: number;
}
