import { describe, expect, it } from 'vitest';
import {
  dedupeKey,
  parseCallbackXml,
  parseEncryptedEnvelope,
  WecomXmlError,
} from '../../../src/platforms/wecom/xml';

const TEXT = `<xml>
  <ToUserName><![CDATA[ww1234567890]]></ToUserName>
  <FromUserName><![CDATA[zhangsan]]></FromUserName>
  <CreateTime>1700000000</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[反馈 new text="包装破损 <b>&amp;</b>" severity=high]]></Content>
  <MsgId>7303011234567890123</MsgId>
  <AgentID>1000002</AgentID>
</xml>`;

const CLICK = `<xml>
  <ToUserName><![CDATA[ww1234567890]]></ToUserName>
  <FromUserName><![CDATA[lisi]]></FromUserName>
  <CreateTime>1700000100</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[template_card_event]]></Event>
  <EventKey><![CDATA[approval:APR-12:approve]]></EventKey>
  <TaskId><![CDATA[APR-12-a1b2]]></TaskId>
  <CardType><![CDATA[button_interaction]]></CardType>
  <ResponseCode><![CDATA[rc-XYZ_123]]></ResponseCode>
  <AgentID>1000002</AgentID>
</xml>`;

describe('parseCallbackXml', () => {
  it('a text message keeps its content verbatim and its 64-bit MsgId exact', () => {
    const m = parseCallbackXml(TEXT);
    expect(m).toEqual({
      kind: 'text',
      MsgType: 'text',
      FromUserName: 'zhangsan',
      ToUserName: 'ww1234567890',
      CreateTime: 1700000000,
      AgentID: '1000002',
      Content: '反馈 new text="包装破损 <b>&amp;</b>" severity=high',
      MsgId: '7303011234567890123',
    });
  });

  it('a template card click exposes the button key, task id and response code', () => {
    const m = parseCallbackXml(CLICK);
    expect(m.kind).toBe('template_card_event');
    if (m.kind !== 'template_card_event') return;
    expect(m.EventKey).toBe('approval:APR-12:approve');
    expect(m.TaskId).toBe('APR-12-a1b2');
    expect(m.ResponseCode).toBe('rc-XYZ_123');
    expect(m.CardType).toBe('button_interaction');
    expect(m.FromUserName).toBe('lisi');
    expect(m.CreateTime).toBe(1700000100);
    expect(m.AgentID).toBe('1000002');
  });

  it('a numeric-looking userid stays a string', () => {
    const m = parseCallbackXml(TEXT.replace('zhangsan', '00123'));
    expect(m.FromUserName).toBe('00123');
  });

  it('an image message and an enter_agent event fall through to other', () => {
    const img = parseCallbackXml(
      '<xml><ToUserName>ww</ToUserName><FromUserName>u1</FromUserName><CreateTime>1</CreateTime>' +
        '<MsgType>image</MsgType><PicUrl>http://x/y.png</PicUrl><MediaId>m</MediaId><MsgId>42</MsgId><AgentID>1</AgentID></xml>',
    );
    expect(img).toMatchObject({ kind: 'other', MsgType: 'image', MsgId: '42' });
    const enter = parseCallbackXml(
      '<xml><ToUserName>ww</ToUserName><FromUserName>u1</FromUserName><CreateTime>5</CreateTime>' +
        '<MsgType>event</MsgType><Event>enter_agent</Event><EventKey></EventKey><AgentID>1</AgentID></xml>',
    );
    expect(enter).toMatchObject({ kind: 'other', MsgType: 'event', Event: 'enter_agent' });
  });

  it('an empty text message parses with empty content', () => {
    const m = parseCallbackXml(TEXT.replace(/<Content>.*<\/Content>/, '<Content><![CDATA[]]></Content>'));
    expect(m.kind === 'text' && m.Content).toBe('');
  });

  it('broken XML, a missing root, missing required fields and DTDs are refused', () => {
    expect(() => parseCallbackXml('<xml><MsgType>text</xml>')).toThrow(WecomXmlError);
    expect(() => parseCallbackXml('<root><MsgType>text</MsgType></root>')).toThrow(WecomXmlError);
    expect(() => parseCallbackXml(TEXT.replace(/<MsgId>.*<\/MsgId>/, ''))).toThrow(/MsgId/);
    expect(() => parseCallbackXml(TEXT.replace(/<FromUserName>.*<\/FromUserName>/, ''))).toThrow(
      /FromUserName/,
    );
    const bomb = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><MsgType>&a;</MsgType></xml>`;
    expect(() => parseCallbackXml(bomb)).toThrow(/DTD/);
    expect(() => parseCallbackXml('')).toThrow(WecomXmlError);
  });
});

describe('parseEncryptedEnvelope', () => {
  it('returns the Encrypt element and the addressing fields', () => {
    const env = parseEncryptedEnvelope(
      '<xml><ToUserName><![CDATA[ww1]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>',
    );
    expect(env).toEqual({ Encrypt: 'abc+/=', ToUserName: 'ww1', AgentID: '1000002' });
  });

  it('an envelope without Encrypt is refused', () => {
    expect(() => parseEncryptedEnvelope('<xml><ToUserName>ww1</ToUserName></xml>')).toThrow(/Encrypt/);
  });
});

describe('dedupeKey', () => {
  it('messages dedupe by MsgId, so a retried delivery maps to the same key', () => {
    expect(dedupeKey(parseCallbackXml(TEXT))).toBe('msgid:7303011234567890123');
    expect(dedupeKey(parseCallbackXml(TEXT))).toBe(dedupeKey(parseCallbackXml(TEXT)));
  });

  it('events dedupe by sender, time and key; different buttons at the same second stay distinct', () => {
    const approve = parseCallbackXml(CLICK);
    const reject = parseCallbackXml(CLICK.replace('approval:APR-12:approve', 'approval:APR-12:reject'));
    expect(dedupeKey(approve)).toBe('event:lisi:1700000100:approval:APR-12:approve');
    expect(dedupeKey(reject)).not.toBe(dedupeKey(approve));
  });

  it('events without a key dedupe by sender and time', () => {
    const enter = parseCallbackXml(
      '<xml><FromUserName>u1</FromUserName><CreateTime>5</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event></xml>',
    );
    expect(dedupeKey(enter)).toBe('event:u1:5');
  });
});
