import './zod-config';
import { z } from 'zod';

// Identifiers end up in SQL parameters, Kafka keys, log lines and URLs; a narrow alphabet keeps
// injection and log-forging attempts out at the edge instead of escaping them everywhere.
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const identifier = (what: string) => z.string().regex(IDENTIFIER, `${what} must be 1-128 characters of letters, digits, '.', '_', ':' or '-'`);

const CHANNEL_PATTERN = /^(app|web|support|system|partner:[A-Za-z0-9._-]{1,64})$/;

const channelSchema = z.string().regex(CHANNEL_PATTERN, 'channel must be app, web, support, system or partner:<id>');

const actorSchema = z.strictObject({
  kind: z.enum(['borrower', 'agent', 'partner', 'system']),
  id: identifier('actor.id').optional(),
});

const deviceSchema = z.strictObject({
  id: identifier('device.id'),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
});

export const envelopeShape = {
  id: identifier('id'),
  schemaVersion: z.literal(1),
  accountId: identifier('accountId'),
  occurredAt: z.iso.datetime({ offset: true }),
  channel: channelSchema,
  actor: actorSchema,
  device: deviceSchema.optional(),
  correlationId: identifier('correlationId').optional(),
};

export type Channel = 'app' | 'web' | 'support' | 'system' | `partner:${string}`;
export type Actor = z.infer<typeof actorSchema>;
export type Device = z.infer<typeof deviceSchema>;

/** The channel's partner or merchant id, when a partner channel initiated the event. */
export function partnerOf(channel: string): string | undefined {
  return channel.startsWith('partner:') ? channel.slice('partner:'.length) : undefined;
}
