import { TwilioEndpoint } from '@sentinel/testing';
import { TwilioSmsDriver } from './twilio-sms.driver';

const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;

describe('TwilioSmsDriver: the real twilio SDK against a local Messages API', () => {
  let endpoint: TwilioEndpoint;
  let driver: TwilioSmsDriver;

  beforeAll(async () => {
    endpoint = await new TwilioEndpoint().start();
    driver = new TwilioSmsDriver({ accountSid, authToken: 'secret-token-for-tests', from: '+15005550006', apiBaseUrl: endpoint.url });
  });

  afterEach(() => {
    endpoint.failWith = undefined;
  });

  afterAll(() => endpoint.stop());

  it("sends the SDK's own request and returns Twilio's sid", async () => {
    const outcome = await driver.send({ to: '+8613800138000', body: '【乐贷】您的银行卡已解绑' });
    expect(outcome).toEqual({ status: 'sent', providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) as unknown });
    const request = endpoint.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(request.form).toEqual({ To: '+8613800138000', From: '+15005550006', Body: '【乐贷】您的银行卡已解绑' });
    expect(request.authorization).toBe(`Basic ${Buffer.from(`${accountSid}:secret-token-for-tests`).toString('base64')}`);
    expect(request.userAgent).toMatch(/^twilio-node\//);
  });

  it('uses a Messaging Service when the sender is one', async () => {
    const service = new TwilioSmsDriver({ accountSid, authToken: 't'.repeat(20), from: `MG${'a'.repeat(32)}`, apiBaseUrl: endpoint.url });
    await service.send({ to: '+8613800138000', body: 'x' });
    expect(endpoint.requests.at(-1)!.form).toEqual({ To: '+8613800138000', MessagingServiceSid: `MG${'a'.repeat(32)}`, Body: 'x' });
  });

  it('gives up on an endpoint that stops answering, as a transient failure', async () => {
    const impatient = new TwilioSmsDriver({ accountSid, authToken: 'secret-token-for-tests', from: '+15005550006', apiBaseUrl: endpoint.url }, 1000);
    endpoint.hang = true;
    try {
      expect(await impatient.send({ to: '+8613800138000', body: 'x' })).toMatchObject({ status: 'failed', transient: true });
    } finally {
      endpoint.hang = false;
    }
  });

  it('reports 429 and 5xx as transient, 4xx as permanent', async () => {
    endpoint.failWith = { status: 429, code: 20429, message: 'Too Many Requests' };
    expect(await driver.send({ to: '+8613800138000', body: 'x' })).toMatchObject({ status: 'failed', transient: true });
    endpoint.failWith = { status: 500, code: 20500, message: 'Internal Server Error' };
    expect(await driver.send({ to: '+8613800138000', body: 'x' })).toMatchObject({ status: 'failed', transient: true });
    endpoint.failWith = { status: 400, code: 21211, message: "The 'To' number +8613800138000 is not a valid phone number." };
    const invalid = await driver.send({ to: '+8613800138000', body: 'x' });
    expect(invalid).toMatchObject({ status: 'failed', transient: false, error: expect.stringContaining('21211') as unknown });
    expect(invalid.status === 'failed' && invalid.error).toContain('+86****8000');
    expect(JSON.stringify(invalid)).not.toContain('13800138000');
  });
});
