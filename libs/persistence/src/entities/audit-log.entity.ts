import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only (a trigger refuses UPDATE and DELETE): who did what, when, before and after. */
@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') actor!: string;
  @Column('text') action!: string;
  @Column({ name: 'entity_type', type: 'text' }) entityType!: string;
  @Column({ name: 'entity_id', type: 'text' }) entityId!: string;
  @Column({ type: 'jsonb', nullable: true }) before!: unknown;
  @Column({ type: 'jsonb', nullable: true }) after!: unknown;
}
