import { BadRequestException, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { maskEvent } from '@sentinel/contracts';
import { AccountEventEntity, DeliveryEntity, FraudCaseEntity, RuleHitEntity } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
import { CASE_RANK, decodeCursor, encodeCursor, listCasesQuery, type ListCasesQuery } from './cases.query';
import { ZodPipe } from './zod.pipe';

@Controller('api/cases')
export class CasesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The queue: denied by the borrower first, then urgent, then the rest, newest first; a cursor for the next page. */
  @Get()
  async list(@Query(new ZodPipe(listCasesQuery, 'INVALID_QUERY')) query: ListCasesQuery) {
    const qb = this.dataSource
      .getRepository(FraudCaseEntity)
      .createQueryBuilder('c')
      .addSelect(CASE_RANK, 'rank')
      .orderBy('rank', 'ASC')
      .addOrderBy('c.opened_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) throw new BadRequestException({ error: 'INVALID_QUERY', message: 'cursor: not a cursor this API returned' });
      qb.andWhere(
        `(${CASE_RANK} > :rank OR (${CASE_RANK} = :rank AND (c.opened_at < :at OR (c.opened_at = :at AND c.id < :id))))`,
        { rank: cursor.rank, at: cursor.openedAt, id: cursor.id },
      );
    }
    const { entities, raw } = await qb.getRawAndEntities<{ rank: number }>();
    const page = entities.slice(0, query.limit);
    const last = page.length ? page.length - 1 : -1;
    return {
      items: page,
      nextCursor:
        entities.length > query.limit && last >= 0
          ? encodeCursor({ rank: Number(raw[last].rank), openedAt: page[last].openedAt.toISOString(), id: page[last].id })
          : null,
    };
  }

  @Get(':id')
  async detail(@Param('id', new ParseUUIDPipe()) id: string) {
    const found = await this.dataSource.getRepository(FraudCaseEntity).findOneBy({ id });
    if (!found) throw new NotFoundException({ error: 'CASE_NOT_FOUND', message: `no case with id ${id}` });
    const [hits, deliveries, events] = await Promise.all([
      this.dataSource.getRepository(RuleHitEntity).find({ where: { caseId: id }, order: { createdAt: 'ASC' } }),
      this.dataSource.getRepository(DeliveryEntity).find({ where: { caseId: id }, order: { createdAt: 'ASC' } }),
      this.dataSource
        .getRepository(AccountEventEntity)
        .find({ where: { accountId: found.accountId }, order: { occurredAt: 'DESC' }, take: 200 }),
    ]);
    const answers = await this.dataSource.query(
      `SELECT answer, via, answered_at FROM borrower_answer WHERE case_id = $1 ORDER BY answered_at`,
      [id],
    );
    return { case: found, hits, deliveries, answers, timeline: events.map((e) => maskEvent(e.body)) };
  }
}
