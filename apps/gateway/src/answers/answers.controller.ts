import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { fail, findUnsafeText, issuesOf } from '@sentinel/contracts';
import { AnswerableCases, recordBorrowerAnswer, Transactions } from '@sentinel/persistence';
import { refuse, unwrap } from '@sentinel/service-kit';
import type { FastifyRequest } from 'fastify';
import { ApiKeyGuard, RequireScope } from '../api-key.guard';
import { ApiRelayAnswer } from '../ingest.openapi';
import { answerBody } from './answer.schema';

/**
 * For platforms that send link-free messages: the borrower answers in the official app, and the
 * app's backend relays the answer with the reference code from the message.
 */
@Controller('v1/answers')
@UseGuards(ApiKeyGuard)
@RequireScope('answers:write')
export class AnswersController {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: AnswerableCases,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiRelayAnswer(answerBody)
  async answer(@Body() raw: unknown, @Req() request: FastifyRequest & { producer?: string }) {
    const unsafe = findUnsafeText(raw);
    const parsed = unsafe ? undefined : answerBody.safeParse(raw);
    if (!parsed?.success) {
      const issues = unsafe ? [unsafe] : issuesOf(parsed!.error);
      refuse('INVALID_ANSWER', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    }
    const body = parsed.data;
    const answered = await this.transactions.run(async (db) => {
      const found = await this.cases.lockByReference(db, body.referenceCode, body.accountId);
      if (!found) return fail('UNKNOWN_REFERENCE', `no case ${body.referenceCode} on account ${body.accountId}`);
      if (found.borrower_answer) return fail('ALREADY_ANSWERED', `case ${body.referenceCode} was already answered`);
      // The app proves who is signed in, not that it is the borrower: after a takeover it is the
      // attacker. So a "was me" from it never closes a case; it is recorded for the analyst.
      const outcome = await recordBorrowerAnswer(db, {
        caseId: found.id,
        accountId: body.accountId,
        source: { tokenId: null, recipientSince: null, trustedContactAgeMs: 0 },
        answer: body.answer,
        context: { via: 'app', ip: body.ip, userAgent: body.userAgent, relayedBy: `app:${request.producer}` },
      });
      return { ok: true as const, value: { caseId: found.id, referenceCode: body.referenceCode, answer: body.answer, outcome } };
    });
    return unwrap(answered);
  }
}
