// The benchmark's naive baseline: the same detection, done the way NestJS's stock Kafka transport
// invites — one @EventPattern call per message, one transaction and several TypeORM round trips
// per event. It exists only to be measured against; nothing else runs it.
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, type MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { validateAccountEvent } from '@sentinel/contracts';
import { CasesRepository, dataSourceOptions, EventLogRepository } from '@sentinel/persistence';
import { defaultRuleSet, emptyAccountState, evaluateEvent, evolve, systemClock, upgradeState } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

const topic = process.env.BENCH_TOPIC!;
const ruleSet = defaultRuleSet();
const eventLog = new EventLogRepository();
const caseStore = new CasesRepository();

@Controller()
class NaiveConsumer {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @EventPattern(topic)
  async handle(@Payload() value: unknown): Promise<void> {
    const parsed = validateAccountEvent(value);
    if (!parsed.ok) return;
    const event = parsed.value;
    await this.dataSource.transaction(async (db) => {
      // It writes a whole snapshot for every event, so its snapshots never lag their heads.
      const stored = (await eventLog.fetchStates(db, [{ accountId: event.accountId }])).get(event.accountId);
      const headSeq = (stored?.headSeq ?? 0) + 1;
      if ((await eventLog.recordEvents(db, [event], [headSeq]))[0].kind !== 'new') return;
      const before = stored?.snapshot ? upgradeState(stored.snapshot) : emptyAccountState(event.accountId);
      const evaluation = evaluateEvent(ruleSet, before, event, systemClock, 'immediate');
      await eventLog.saveSnapshots(db, [{ accountId: event.accountId, snapshotSeq: headSeq, snapshot: evolve(before, event) }]);
      if (evaluation.decision === 'alert' || evaluation.decision === 'urgent') {
        const cases = await caseStore.openOrJoinCases(db, [
          {
            id: randomUUID(),
            referenceCode: randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase(),
            accountId: event.accountId,
            decision: evaluation.decision,
            score: evaluation.score,
            priority: evaluation.decision === 'urgent' ? 'high' : 'normal',
            ruleSetVersion: ruleSet.version,
            historical: false,
          },
        ]);
        const found = cases.get(event.accountId)!;
        await caseStore.insertHits(db, ruleSet.version, [{ caseId: found.id, eventId: event.id, hits: evaluation.hits, score: evaluation.score }]);
      }
    });
  }
}

@Module({
  imports: [TypeOrmModule.forRoot(dataSourceOptions(process.env.DATABASE_URL!, 10))],
  controllers: [NaiveConsumer],
})
class NaiveModule {}

async function main() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(NaiveModule, {
    logger: ['error'],
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'sentinel-naive', brokers: process.env.KAFKA_BROKERS!.split(',') },
      consumer: { groupId: `${topic}.naive` },
      subscribe: { fromBeginning: true },
    },
  });
  await app.listen();
}

void main();
