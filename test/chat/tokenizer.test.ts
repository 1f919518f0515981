import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, tokenize } from '../../src/chat/tokenizer';

describe('tokenizer', () => {
  it('splits positionals and key=value args', () => {
    expect(tokenize('ack FB-3 note=done')).toEqual({
      positional: ['ack', 'FB-3'],
      args: { note: 'done' },
      errors: [],
    });
  });

  it('keeps quoted values with spaces, straight and curly', () => {
    expect(tokenize('new name="618 大促" owner=@li').args).toEqual({ name: '618 大促', owner: '@li' });
    expect(tokenize('new name=“双11 预热” x=1').args).toEqual({ name: '双11 预热', x: '1' });
    expect(tokenize('new name=「年货节 第二波」').args).toEqual({ name: '年货节 第二波' });
    expect(tokenize('new name=『品牌日』').args).toEqual({ name: '品牌日' });
  });

  it('accepts full-width ＝ and full-width spaces from Chinese keyboards', () => {
    expect(tokenize('new\u3000severity＝high\u3000text＝“很慢”')).toEqual({
      positional: ['new'],
      args: { severity: 'high', text: '很慢' },
      errors: [],
    });
    expect(tokenize('ｓｅｖｅｒｉｔｙ=low').args).toEqual({ severity: 'low' });
  });

  it('continues an unquoted free-text value with the following bare words', () => {
    expect(tokenize('new severity=high text=App crashes on login').args).toEqual({
      severity: 'high',
      text: 'App crashes on login',
    });
  });

  it('reports an unclosed quote, an empty key and a duplicate key', () => {
    expect(tokenize('text="oops').errors).toEqual([{ kind: 'unclosed_quote', at: 5 }]);
    expect(tokenize('=x').errors[0]!.kind).toBe('empty_key');
    expect(tokenize('a=1 a=2').errors).toEqual([{ kind: 'duplicate_key', key: 'a' }]);
  });

  it('an = inside a quoted value is part of the value', () => {
    expect(tokenize('note="a=b c"').args).toEqual({ note: 'a=b c' });
  });
});

describe('command line', () => {
  it('Chinese aliases map to areas and verbs, the slash is optional', () => {
    expect(parseCommandLine('反馈 new severity=high')).toMatchObject({ area: 'feedback', verb: 'new' });
    expect(parseCommandLine('/反馈 列表 status=open')).toMatchObject({
      area: 'feedback',
      verb: 'list',
      args: { status: 'open' },
    });
    expect(parseCommandLine('活动 list')).toMatchObject({ area: 'campaign', verb: 'list' });
    expect(parseCommandLine('/feedback ACK FB-2')).toMatchObject({
      area: 'feedback',
      verb: 'ack',
      rest: ['FB-2'],
    });
    expect(parseCommandLine('帮助')).toMatchObject({ area: 'help' });
    expect(parseCommandLine('内容 批准 APR-3')).toMatchObject({
      area: 'content',
      verb: 'approve',
      rest: ['APR-3'],
    });
    expect(parseCommandLine('达人 驳回 APR-4 reason=报价过高')).toMatchObject({
      area: 'kol',
      verb: 'reject',
      args: { reason: '报价过高' },
    });
  });

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = parseCommandLine(s);
        expect(typeof r.area).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
