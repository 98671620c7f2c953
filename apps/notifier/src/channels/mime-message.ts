import { randomBytes, randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
// Called on the module: its functions call one another through `this`.
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import type { EmailMessage } from './channel';

/** A plain ASCII address with nothing a header or an SMTP command could read otherwise. */
const SIMPLE_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;

/** The sender, parsed once: the envelope's address and the From header. */
export interface MimeSender {
  address: string;
  header: string;
  domain: string;
}

export function mimeSender(from: string): MimeSender | undefined {
  const [parsed] = addressparser(from, { flatten: true });
  if (!parsed?.address || !SIMPLE_ADDRESS.test(parsed.address) || parsed.name.includes('\r') || parsed.name.includes('\n')) return undefined;
  const name = !parsed.name ? '' : mimeFuncs.isPlainText(parsed.name) ? `"${parsed.name.replace(/([\\"])/g, '\\$1')}"` : mimeFuncs.encodeWord(parsed.name, 'B', 52);
  return { address: parsed.address, header: mimeFuncs.foldLines(`From: ${name ? `${name} <${parsed.address}>` : parsed.address}`, 76), domain: parsed.address.split('@')[1] };
}

/** True when `composeMime` can write the message; any other goes through nodemailer's own composition. */
export const composable = (message: EmailMessage) => SIMPLE_ADDRESS.test(message.to);

/** Base64 in lines of 76, as RFC 2045 asks. */
function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join('\r\n');
}

/** Boundaries need only differ from each other and from base64 text, which has no `=_` inside. */
const boundaryPrefix = `----=_Sentinel_${randomBytes(6).toString('hex')}_`;
let boundaries = 0;

/**
 * The whole message, text and HTML as multipart/alternative, in one buffer: nodemailer's
 * composition streams each message as many small writes (each a system call) and makes a node
 * tree per part; the notifier sends a few hundred alike messages a second. Headers are encoded
 * by nodemailer's own functions.
 */
export function composeMime(sender: MimeSender, message: EmailMessage): { raw: Buffer; messageId: string } {
  const messageId = `<${randomUUID()}@${sender.domain}>`;
  const boundary = `${boundaryPrefix}${(boundaries = (boundaries + 1) % Number.MAX_SAFE_INTEGER)}`;
  const subject = mimeFuncs.foldLines(`Subject: ${mimeFuncs.encodeWords(message.subject.replace(/\r?\n|\r/g, ' '), 'B', 52)}`, 76);
  const raw = [
    sender.header,
    `To: ${message.to}`,
    subject,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { raw: Buffer.from(raw, 'latin1'), messageId };
}
