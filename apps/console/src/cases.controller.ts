import { BadRequestException, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { maskEvent } from '@sentinel/contracts';
import { AccountEventEntity, DeliveryEntity, FraudCaseEntity, RuleHitEntity } from '@sentinel/persistence';
import { Brackets, type DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, listCasesQuery, type ListCasesQuery } from './cases.query';
import { ZodPipe } from './zod.pipe';

@Controller('api/cases')
export class CasesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, with a cursor for the next page. */
  @Get()
  async list(@Query(new ZodPipe(listCasesQuery, 'INVALID_QUERY')) query: ListCasesQuery) {
    const qb = this.dataSource
      .getRepository(FraudCaseEntity)
      .createQueryBuilder('c')
      .orderBy('c.openedAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(query.limit + 1);
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) throw new BadRequestException({ error: 'INVALID_QUERY', message: 'cursor: not a cursor this API returned' });
      qb.andWhere(
        new Brackets((w) =>
          w.where('c.openedAt < :at', { at: cursor.openedAt }).orWhere('c.openedAt = :at AND c.id < :id', cursor),
        ),
      );
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.openedAt, last.id) : null,
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
    return { case: found, hits, deliveries, timeline: events.map((e) => maskEvent(e.body)) };
  }
}
