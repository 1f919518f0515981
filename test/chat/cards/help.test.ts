/** `/mops help` from a hand-made command spec: no database. */
import { describe, expect, it } from 'vitest';
import { helpCard } from '../../../src/chat/cards/help';
import type { CommandSpec } from '../../../src/chat/command';

const spec: CommandSpec = {
  area: 'target',
  defaultVerb: 'show',
  subcommands: {
    show: {
      usage: '/target [2027|2027-Q1|2027-03]',
      summary: { 'zh-CN': '查看目标', en: 'Show the targets' },
      run: async () => ({ visibility: 'ephemeral', card: { title: '' } }),
    },
  },
};

describe('helpCard (pure)', () => {
  it('one section per area with each usage and its summary in the reader’s language', () => {
    const card = helpCard('zh-CN', 'slack', [spec]);
    expect(card.sections).toEqual([
      { heading: '目标与进度 · /target', lines: ['/target [2027|2027-Q1|2027-03]\n  查看目标'] },
    ]);
  });

  it('on WeCom, where no form opens, the intro says a bare create command replies with its usage', () => {
    expect(helpCard('en', 'wecom', [spec]).text).toContain('replies with its usage and an example');
    expect(helpCard('en', 'slack', [spec]).text).toContain('opens a form');
  });
});
