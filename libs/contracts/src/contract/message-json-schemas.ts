import { z } from 'zod';
import { accountEventSchema } from '../account-event.schema';
import { accountActionSchema, alertMessageSchema } from '../alert-message.schema';

type JsonSchema = Record<string, unknown>;

// What the code refuses beyond the schema itself, said where a producer reads the contract.
const EVENT_CHECKS_IN_CODE =
  'Also refused, with the same 400 at the gateway or a dead letter on the topic: strings holding NUL or an unpaired ' +
  'surrogate; a phone, card or ID number or an email in free text (payload.reason, payload.card.issuer, ' +
  'payload.card.holderName); occurredAt more than EVENT_MAX_FUTURE_MS ahead or EVENT_MAX_AGE_DAYS old (OUT_OF_RANGE_TIME). ' +
  'occurredAt is stored in UTC with milliseconds whatever offset it was sent with.';

/**
 * JSON Schema (draft-07, which AsyncAPI 3 schemas extend) of a zod schema as a producer must write
 * it (`io: 'input'`: defaults optional, before transforms). zod drops refinements without a word; each
 * one is named in the description of the node it checks, so a producer who follows the file is
 * not refused for a rule it never saw.
 */
function jsonSchemaOf(schema: z.ZodType, description?: string): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'throw',
    override: ({ zodSchema, jsonSchema }) => {
      const refinements = (zodSchema._zod.def.checks ?? [])
        .filter((check) => check._zod.def.check === 'custom')
        .map((check) => {
          const said = (check._zod.def as { error?: (issue?: unknown) => unknown }).error?.();
          return typeof said === 'string' ? said : 'a check in code';
        });
      if (refinements.length) {
        jsonSchema.description = [jsonSchema.description, `Also checked in code: ${refinements.join('; ')}.`].filter(Boolean).join(' ');
      }
    },
  }) as JsonSchema;
  return description ? { ...json, description: [description, json.description].filter(Boolean).join(' ') } : json;
}

/** Every published message schema by file name: each event type, the event union, alerts and actions. */
export function messageJsonSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const option of accountEventSchema.options) {
    const type = option.shape.type.value;
    schemas[`event.${type}`] = { title: `${type} event`, ...jsonSchemaOf(option, `One ${type} account event. ${EVENT_CHECKS_IN_CODE}`) };
  }
  schemas['account-event'] = {
    title: 'Account event',
    ...jsonSchemaOf(accountEventSchema, `Any account event, told apart by \`type\`; one message on account.events. ${EVENT_CHECKS_IN_CODE}`),
  };
  schemas['alert-message'] = {
    title: 'Alert message',
    ...jsonSchemaOf(alertMessageSchema, 'What the detector asks the notifier to tell a borrower: masked facts only, no contacts.'),
  };
  schemas['account-action'] = {
    title: 'Account action',
    ...jsonSchemaOf(accountActionSchema, 'What the platform should do about an account now: a recommendation it acts on, not a command.'),
  };
  return schemas;
}
