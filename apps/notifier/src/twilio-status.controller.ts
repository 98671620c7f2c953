import { Body, Controller, ForbiddenException, Headers, HttpCode, Inject, Logger, NotFoundException, Post } from '@nestjs/common';
import twilio from 'twilio';
import { Deliveries } from '@sentinel/persistence';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';

const STATUSES = new Set(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'accepted', 'scheduled', 'canceled', 'read']);

/**
 * Twilio's delivery receipts. Every call must carry a valid X-Twilio-Signature computed over the
 * configured callback URL (never the request's own Host) and the posted parameters.
 */
@Controller('twilio')
export class TwilioStatusController {
  private readonly log = new Logger(TwilioStatusController.name);

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly deliveries: Deliveries,
  ) {}

  @Post('status')
  @HttpCode(204)
  async status(@Headers('x-twilio-signature') signature: string | undefined, @Body() params: Record<string, string>): Promise<void> {
    const twilioConfig = this.config.twilio;
    if (!twilioConfig?.statusCallbackUrl) throw new NotFoundException('delivery receipts are not configured (TWILIO_STATUS_CALLBACK_URL)');
    const body = params && typeof params === 'object' ? params : {};
    if (!signature || !twilio.validateRequest(twilioConfig.authToken, signature, twilioConfig.statusCallbackUrl, body)) {
      this.log.warn({ msg: 'rejected a Twilio callback with a missing or wrong signature' });
      throw new ForbiddenException('invalid X-Twilio-Signature');
    }
    const sid = body.MessageSid;
    const status = body.MessageStatus;
    if (!sid || !STATUSES.has(status)) return;
    const known = await this.deliveries.applyProviderStatus(sid, status, body.ErrorCode ? `Twilio error ${body.ErrorCode}` : undefined);
    this.log.log({ msg: 'Twilio delivery receipt', status, known });
  }
}
