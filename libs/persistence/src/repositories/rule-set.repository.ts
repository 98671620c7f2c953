import { defaultRuleSet, type RuleSet } from '@sentinel/rules';
import type { DataSource, EntityManager } from 'typeorm';
import { RuleSetEntity } from '../entities/rule-set.entity';
import { audit } from './audit.repository';

export interface StoredRuleSet {
  version: number;
  rules: RuleSet['rules'];
  decisions: RuleSet['decisions'];
  createdAt: Date;
  createdBy: string;
  reason: string | null;
}

const toStored = (row: RuleSetEntity): StoredRuleSet => ({
  version: row.version,
  rules: row.settings.rules as RuleSet['rules'],
  decisions: row.settings.decisions,
  createdAt: row.createdAt,
  createdBy: row.createdBy,
  reason: row.reason,
});

// Serialises rule-set writers across console instances; any fixed number works.
const RULE_SET_LOCK = 7_346_222;

/** Rule sets are append-only versions; the live one is the highest. */
export abstract class RuleSets {
  abstract latestVersion(): Promise<number | null>;
  abstract latest(db?: EntityManager): Promise<StoredRuleSet | null>;
  abstract get(version: number): Promise<StoredRuleSet | null>;
  abstract history(limit?: number): Promise<StoredRuleSet[]>;
  /** Inserts a version; false when that version exists already (another writer got there first). */
  abstract insert(db: EntityManager, ruleSet: RuleSet, createdBy: string, reason?: string): Promise<boolean>;
  /** Holds every other writer that takes this lock off until the transaction ends: one new version at a time. */
  abstract lockWriters(db: EntityManager): Promise<void>;
}

export class RuleSetRepository implements RuleSets {
  constructor(private readonly dataSource: DataSource) {}

  async latestVersion(): Promise<number | null> {
    const [row]: { version: number | null }[] = await this.dataSource.query(`SELECT max(version) AS version FROM rule_set`);
    return row.version;
  }

  async latest(db: EntityManager = this.dataSource.manager): Promise<StoredRuleSet | null> {
    const row = await db.getRepository(RuleSetEntity).findOne({ where: {}, order: { version: 'DESC' } });
    return row ? toStored(row) : null;
  }

  async get(version: number): Promise<StoredRuleSet | null> {
    const row = await this.dataSource.getRepository(RuleSetEntity).findOneBy({ version });
    return row ? toStored(row) : null;
  }

  async history(limit = 50): Promise<StoredRuleSet[]> {
    const rows = await this.dataSource.getRepository(RuleSetEntity).find({ order: { version: 'DESC' }, take: limit });
    return rows.map(toStored);
  }

  /** Inserts a version; false when that version exists already (another writer got there first). */
  async insert(db: EntityManager, ruleSet: RuleSet, createdBy: string, reason?: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO rule_set (version, settings, created_by, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING RETURNING version`,
      [ruleSet.version, JSON.stringify({ rules: ruleSet.rules, decisions: ruleSet.decisions }), createdBy, reason ?? null],
    );
    return rows.length === 1;
  }

  async lockWriters(db: EntityManager): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [RULE_SET_LOCK]);
  }
}

/**
 * Stores the catalog's defaults as version 1 when no version is stored yet, audited; whoever comes
 * second (a detector starting, a console's first change) finds it there. Until then every reader
 * takes the unstored live set to be this same version 1, so a page and a write never disagree.
 */
export async function seedDefaultRuleSet(db: EntityManager, ruleSets: RuleSets): Promise<RuleSet> {
  const seed = defaultRuleSet(1);
  if (await ruleSets.insert(db, seed, 'system', 'default rule set')) {
    await audit(db, { actor: 'system', action: 'rule_set.create', entityType: 'rule_set', entityId: '1', after: seed });
  }
  return seed;
}
