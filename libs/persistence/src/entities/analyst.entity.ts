import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ANALYST_ROLES = ['analyst', 'supervisor', 'admin'] as const;
export type AnalystRole = (typeof ANALYST_ROLES)[number];

@Entity('analyst')
export class AnalystEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column('text') role!: AnalystRole;
  @Column({ name: 'password_hash', type: 'text', select: false }) passwordHash!: string;
  /** The team the analyst shares saved filters with; null when in none. */
  @Column({ type: 'text', nullable: true }) team!: string | null;
  @Column('boolean') disabled!: boolean;
  @Column({ name: 'failed_logins', type: 'integer', select: false }) failedLogins!: number;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true, select: false }) lockedUntil!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
