import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { anEvent } from '@sentinel/testing';
import { ACCOUNT_EVENT_TYPES, accountEventSchema } from '../account-event.schema';
import { messageJsonSchemas } from './message-json-schemas';

describe('the message JSON Schemas', () => {
  const schemas = messageJsonSchemas();
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const validate = (name: string, value: unknown) => {
    const check = ajv.compile(schemas[name]);
    return check(value) ? [] : check.errors!.map((e) => `${e.instancePath} ${e.message}`);
  };

  it('has one schema per event type, and the union, alert and action', () => {
    expect(Object.keys(schemas).sort()).toEqual([...ACCOUNT_EVENT_TYPES.map((type) => `event.${type}`), 'account-event', 'alert-message', 'account-action'].sort());
  });

  it.each(ACCOUNT_EVENT_TYPES)('accepts a valid %s event, as its own schema and as an account event', (type) => {
    const event = anEvent(type);
    expect(accountEventSchema.safeParse(event).success).toBe(true);
    expect(validate(`event.${type}`, event)).toEqual([]);
    expect(validate('account-event', event)).toEqual([]);
  });

  it('refuses what zod refuses by shape: an unknown field, a missing accountId, a bad last4', () => {
    const event = anEvent('card.bound');
    expect(validate('event.card.bound', { ...event, extra: 1 })).not.toEqual([]);
    const { accountId: _accountId, ...withoutAccount } = event;
    expect(validate('event.card.bound', withoutAccount)).not.toEqual([]);
    expect(validate('event.card.bound', { ...event, payload: { card: { ...event.payload.card, last4: '12a4' } } })).not.toEqual([]);
  });

  it('names each refinement zod cannot write as JSON Schema where a producer reads it', () => {
    expect(JSON.stringify(schemas['event.identity.document.updated'])).toContain('Also checked in code: expiresOn must be a date from 0001-01-01 on');
    for (const type of ACCOUNT_EVENT_TYPES) expect(schemas[`event.${type}`].description).toContain('OUT_OF_RANGE_TIME');
  });
});
