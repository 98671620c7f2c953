import { Logger } from '@nestjs/common';
import { DLQ_HEADERS, loggableError, type TopicPayloads } from '@sentinel/contracts';
import type { DataSource } from 'typeorm';
import { deadLetterSize } from './dead-letter';
import { isRetriableKafkaError } from './kafka-errors';
import type { MessagePublisher, OutgoingMessage } from './message-publisher';

type DeadLetterTopic = { [T in keyof TopicPayloads]: TopicPayloads[T] extends Buffer ? T : never }[keyof TopicPayloads];

/** A produce of dead letters stays well under the broker's default 1 MiB, whatever it was set to. */
const CHUNK_BYTES = 512 * 1024;
const CHUNK_MESSAGES = 200;

/**
 * Sends dead letters so that they can never fail the batch that made them: in produces small
 * enough for any broker, a refused produce split until the letter the broker refuses stands alone,
 * and what the broker still refuses (or a broker that stays away) kept in Postgres,
 * `unpublished_dead_letter`, for an operator to read. Only when Postgres too refuses does it throw.
 */
export class DeadLetterSink {
  private readonly log = new Logger(DeadLetterSink.name);

  constructor(
    private readonly publisher: MessagePublisher,
    private readonly dataSource: DataSource,
    private readonly onKept: (topic: string, count: number) => void = () => undefined,
  ) {}

  async send(topic: DeadLetterTopic, letters: OutgoingMessage<Buffer>[]): Promise<void> {
    for (const chunk of chunks(letters)) await this.sendChunk(topic, chunk);
  }

  private async sendChunk(topic: DeadLetterTopic, letters: OutgoingMessage<Buffer>[]): Promise<void> {
    try {
      await this.publisher.publish(topic, letters);
    } catch (error) {
      // A broker that refuses this produce for what it holds may take its parts; one that is away takes none.
      if (letters.length > 1 && !isRetriableKafkaError(error)) {
        const half = Math.ceil(letters.length / 2);
        await this.sendChunk(topic, letters.slice(0, half));
        await this.sendChunk(topic, letters.slice(half));
        return;
      }
      await this.keep(topic, letters, error);
    }
  }

  private async keep(topic: string, letters: OutgoingMessage<Buffer>[], error: unknown): Promise<void> {
    const said = loggableError(error);
    // kafkajs names a broker's refusal by its protocol type (MESSAGE_TOO_LARGE), which says more than its number.
    const type = (error as { type?: unknown }).type;
    const why = `${typeof type === 'string' ? `${type} ` : said.code ? `${said.code} ` : ''}${said.message}`.slice(0, 500);
    await this.dataSource.query(
      `INSERT INTO unpublished_dead_letter (topic, message_key, headers, value, publish_error)
       SELECT $1, l.key, l.headers, decode(l.value, 'base64'), $3
         FROM jsonb_to_recordset($2::jsonb) AS l(key text, headers jsonb, value text)`,
      [topic, JSON.stringify(letters.map((l) => ({ key: noNul(l.key), headers: withoutNul(l.headers ?? {}), value: l.value.toString('base64') }))), noNul(why)],
    );
    this.onKept(topic, letters.length);
    this.log.error({
      msg: 'the dead-letter topic refused these; kept in unpublished_dead_letter',
      topic,
      count: letters.length,
      offsets: letters.slice(0, 10).map((l) => `${l.headers?.[DLQ_HEADERS.sourcePartition] ?? '?'}/${l.headers?.[DLQ_HEADERS.sourceOffset] ?? '?'}`),
      error: said,
    });
  }
}

function* chunks(letters: OutgoingMessage<Buffer>[]): Generator<OutgoingMessage<Buffer>[]> {
  let chunk: OutgoingMessage<Buffer>[] = [];
  let bytes = 0;
  for (const letter of letters) {
    const size = deadLetterSize(letter);
    if (chunk.length > 0 && (bytes + size > CHUNK_BYTES || chunk.length >= CHUNK_MESSAGES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(letter);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

/** Postgres text and jsonb take no NUL, which a key or header of a dead letter may hold. */
function noNul(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

function withoutNul(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [noNul(name), noNul(value)]));
}
