/**
 * WeCom callback XML: the outer encrypted envelope and the decrypted inner message, parsed with
 * fast-xml-parser into a small typed union the adapter dispatches on.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { isRecord, propOf } from '../../util/narrow';

/** The callback XML could not be parsed into the expected shape. */
export class WecomXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WecomXmlError';
  }
}

const common = {
  FromUserName: z.string(),
  ToUserName: z.string(),
  /** Unix seconds. */
  CreateTime: z.number(),
  AgentID: z.string(),
};
type Common = z.infer<z.ZodObject<typeof common>>;

const textMessage = z.object({
  kind: z.literal('text'),
  MsgType: z.literal('text'),
  ...common,
  Content: z.string(),
  /** A 64-bit id, kept as a string because it does not fit a JS number. */
  MsgId: z.string(),
});
export type WecomTextMessage = z.infer<typeof textMessage>;

/** A click on a template_card button. */
const templateCardEvent = z.object({
  kind: z.literal('template_card_event'),
  MsgType: z.literal('event'),
  Event: z.literal('template_card_event'),
  ...common,
  /** The clicked button's `key`. */
  EventKey: z.string(),
  TaskId: z.string(),
  /** One-shot code (valid 72 h) for update_template_card. */
  ResponseCode: z.string(),
  CardType: z.string(),
});
export type WecomTemplateCardEvent = z.infer<typeof templateCardEvent>;

/** What the adapter writes to the inbox and reads back: a text message or a card click (never `other`). */
export const storedWecomMessage = z.discriminatedUnion('kind', [textMessage, templateCardEvent]);

/** Anything else (images, enter_agent, menu events…); kept so callers can log and ignore it. */
export interface WecomOtherMessage extends Common {
  kind: 'other';
  MsgType: string;
  Event?: string;
  EventKey?: string;
  MsgId?: string;
  fields: Record<string, unknown>;
}

export type WecomInbound = WecomTextMessage | WecomTemplateCardEvent | WecomOtherMessage;

export interface WecomEnvelope {
  Encrypt: string;
  ToUserName?: string;
  AgentID?: string;
}

const parser = new XMLParser({
  // Values stay strings: MsgId is a 64-bit integer and userids may look numeric.
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
});

function parseRoot(xml: string): Record<string, unknown> {
  if (typeof xml !== 'string' || xml.length === 0) throw new WecomXmlError('empty XML');
  // WeCom never sends a DTD; refusing one rules out entity-expansion tricks before any signature check.
  if (xml.includes('<!DOCTYPE') || xml.includes('<!ENTITY')) throw new WecomXmlError('DTDs are not accepted');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new WecomXmlError(`invalid XML: ${valid.err.msg}`);
  const root = propOf(parser.parse(xml), 'xml');
  if (!isRecord(root)) throw new WecomXmlError('missing <xml> root');
  return root;
}

function str(root: Record<string, unknown>, name: string): string | undefined {
  const v = root[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // An element with children or repeated: not a scalar field we understand.
  return undefined;
}

function required(root: Record<string, unknown>, name: string): string {
  const v = str(root, name);
  if (v === undefined) throw new WecomXmlError(`missing <${name}>`);
  return v;
}

/** Parses the outer POST body `<xml><ToUserName/><AgentID/><Encrypt/></xml>`. */
export function parseEncryptedEnvelope(xml: string): WecomEnvelope {
  const root = parseRoot(xml);
  const Encrypt = str(root, 'Encrypt');
  if (!Encrypt) throw new WecomXmlError('missing <Encrypt>');
  return { Encrypt, ToUserName: str(root, 'ToUserName'), AgentID: str(root, 'AgentID') };
}

/** Parses decrypted callback XML into a text message, a template-card click, or `other`. */
export function parseCallbackXml(xml: string): WecomInbound {
  const root = parseRoot(xml);
  const MsgType = required(root, 'MsgType');
  const createTime = Number(str(root, 'CreateTime') ?? '0');
  const common: Common = {
    FromUserName: required(root, 'FromUserName'),
    ToUserName: str(root, 'ToUserName') ?? '',
    CreateTime: Number.isFinite(createTime) ? createTime : 0,
    AgentID: str(root, 'AgentID') ?? '',
  };
  const Event = str(root, 'Event');

  if (MsgType === 'text') {
    return {
      kind: 'text',
      MsgType: 'text',
      ...common,
      Content: str(root, 'Content') ?? '',
      MsgId: required(root, 'MsgId'),
    };
  }
  if (MsgType === 'event' && Event === 'template_card_event') {
    return {
      kind: 'template_card_event',
      MsgType: 'event',
      Event: 'template_card_event',
      ...common,
      EventKey: str(root, 'EventKey') ?? '',
      TaskId: str(root, 'TaskId') ?? '',
      ResponseCode: str(root, 'ResponseCode') ?? '',
      CardType: str(root, 'CardType') ?? '',
    };
  }
  return {
    kind: 'other',
    MsgType,
    ...common,
    Event,
    EventKey: str(root, 'EventKey'),
    MsgId: str(root, 'MsgId'),
    fields: root,
  };
}

/** Idempotency key for WeCom's retries: MsgId for messages, sender+time(+key) for events, which have none. */
export function dedupeKey(msg: WecomInbound): string {
  const msgId = msg.kind === 'template_card_event' ? undefined : msg.MsgId;
  if (msgId) return `msgid:${msgId}`;
  const key = msg.kind === 'text' ? undefined : msg.EventKey;
  const base = `event:${msg.FromUserName}:${msg.CreateTime}`;
  return key ? `${base}:${key}` : base;
}
