import { Parser } from '@asyncapi/parser';
import { DEAD_LETTER_CODES } from '../dead-letter-codes';
import { DLQ_HEADERS, Topics } from '../topics';
import { asyncApiDocument } from './asyncapi-document';

describe('the AsyncAPI document', () => {
  it('is a valid AsyncAPI 3.0 document with no errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    // Severity 0 is an error, 1 a warning; 2 and 3 are hints (such as "3.1 is out").
    expect(diagnostics.filter((d) => Number(d.severity) <= 1).map((d) => `${d.severity} ${d.code} ${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('has a channel for every topic, and every dead-letter code and header', async () => {
    const { document } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    expect(
      document!
        .channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual(Object.values(Topics).sort());
    const dlq = document!
      .channels()
      .all()
      .find((c) => c.address() === Topics.accountEventsDlq)!;
    const headers = dlq.messages().all()[0].headers()!.json<{ properties: Record<string, { enum?: string[] }> }>();
    expect(Object.keys(headers.properties).sort()).toEqual(Object.values(DLQ_HEADERS).sort());
    expect(headers.properties[DLQ_HEADERS.code].enum).toEqual(Object.keys(DEAD_LETTER_CODES).sort());
  });
});
