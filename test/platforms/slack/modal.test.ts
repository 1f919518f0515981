import type { types, ViewStateValue } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { FormField, FormSpec } from '../../../src/chat/card';
import { FORM_VALUE_ACTION_ID, parseFormCallbackId } from '../../../src/platforms/slack/ids';
import {
  readModalValues,
  toFieldErrors,
  toModal,
  type ViewStateValues,
} from '../../../src/platforms/slack/modal';

type InputBlock = types.InputBlock;

const channels = [
  { value: 'douyin', label: '抖音' },
  { value: 'xhs', label: '小红书' },
  { value: 'wechat', label: '微信' },
];

const form: FormSpec = {
  command: 'campaign new',
  title: 'New campaign',
  submit: 'Create',
  fields: [
    { name: 'name', label: 'Name', kind: 'text', required: true, placeholder: 'Spring sale' },
    { name: 'notes', label: 'Notes', kind: 'textarea', hint: 'Anything the team should know' },
    { name: 'budget', label: 'Budget (¥)', kind: 'amount', required: true, placeholder: '5万' },
    { name: 'start', label: 'Start', kind: 'date', required: true },
    { name: 'type', label: 'Type', kind: 'select', options: [{ value: 'promotion', label: 'Promotion' }] },
    { name: 'channels', label: 'Channels', kind: 'multiselect', options: channels },
    { name: 'owner', label: 'Owner', kind: 'user' },
  ],
};

/** What Slack puts in view.state.values for one element, given what the user entered. */
function stateFor(type: string, answer: string | string[] | null): ViewStateValue {
  switch (type) {
    case 'datepicker':
      return { type, selected_date: answer as string | null };
    case 'users_select':
      return { type, selected_user: answer as string | null };
    case 'static_select':
      return {
        type,
        selected_option: answer ? { text: { type: 'plain_text', text: 'x' }, value: answer as string } : null,
      };
    case 'multi_static_select':
      return {
        type,
        selected_options: ((answer as string[] | null) ?? []).map((v) => ({
          text: { type: 'plain_text', text: v },
          value: v,
        })),
      };
    default:
      return { type, value: answer as string | null };
  }
}

/** Simulates a submit: answers keyed by field name, placed where Slack would put them. */
function submit(f: FormSpec, answers: Record<string, string | string[] | null>): ViewStateValues {
  const view = toModal(f, { locale: 'en' });
  const values: ViewStateValues = {};
  for (const block of view.blocks as InputBlock[]) {
    const id = block.block_id!;
    values[id] = { [FORM_VALUE_ACTION_ID]: stateFor(block.element.type, answers[id] ?? null) };
  }
  return values;
}

const blockOf = (view: types.ModalView, name: string) =>
  (view.blocks as InputBlock[]).find((b) => b.block_id === name)!;

describe('toModal', () => {
  const view = toModal(form, { locale: 'en', privateMetadata: '{"channel":"C1"}' });

  it('a form → a modal whose callback_id names the command, with submit, close and metadata', () => {
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe('form:campaign new');
    expect(parseFormCallbackId(view.callback_id!)).toBe('campaign new');
    expect(view.title.text).toBe('New campaign');
    expect(view.submit!.text).toBe('Create');
    expect(view.close!.text).toBe('Cancel');
    expect(view.private_metadata).toBe('{"channel":"C1"}');
  });

  it('each field kind → its typed input, block_id = field name, action_id = value', () => {
    const kinds = Object.fromEntries((view.blocks as InputBlock[]).map((b) => [b.block_id, b.element]));
    expect(kinds.name).toMatchObject({
      type: 'plain_text_input',
      action_id: 'value',
      placeholder: { text: 'Spring sale' },
    });
    expect(kinds.notes).toMatchObject({ type: 'plain_text_input', multiline: true });
    // Money is typed like the command line (5万), so never a number_input.
    expect(kinds.budget).toMatchObject({ type: 'plain_text_input', placeholder: { text: '5万' } });
    expect(kinds.start).toMatchObject({ type: 'datepicker' });
    expect(kinds.type).toMatchObject({ type: 'static_select', options: [{ value: 'promotion' }] });
    expect(kinds.channels).toMatchObject({ type: 'multi_static_select' });
    expect(kinds.owner).toMatchObject({ type: 'users_select' });
    for (const b of view.blocks as InputBlock[]) expect(b.element.action_id).toBe(FORM_VALUE_ACTION_ID);
  });

  it('required fields → not optional; the rest optional; hints shown', () => {
    expect(blockOf(view, 'name').optional).toBe(false);
    expect(blockOf(view, 'notes').optional).toBe(true);
    expect(blockOf(view, 'notes').hint?.text).toBe('Anything the team should know');
  });

  it('zh-CN with no submit label → Chinese submit and close buttons', () => {
    const zh = toModal({ ...form, submit: '' }, { locale: 'zh-CN' });
    expect(zh.submit!.text).toBe('提交');
    expect(zh.close!.text).toBe('取消');
  });

  it('a 40-char title → cut to 24 chars', () => {
    const long = toModal({ ...form, title: '新建营销活动'.repeat(7) }, { locale: 'zh-CN' });
    expect(long.title.text.length).toBeLessThanOrEqual(24);
    expect(long.title.text.endsWith('…')).toBe(true);
  });

  it('150 options with long labels and oversize values → at most 100, labels ≤ 75, no unusable value', () => {
    const options = Array.from({ length: 150 }, (_, i) => ({
      value: i === 0 ? 'v'.repeat(151) : `opt${i}`,
      label: 'L'.repeat(100),
    }));
    const v = toModal(
      { ...form, fields: [{ name: 'pick', label: 'Pick', kind: 'select', options }] },
      { locale: 'en' },
    );
    const el = blockOf(v, 'pick').element as types.StaticSelect;
    expect(el.options!.length).toBe(100);
    expect(el.options![0]!.value).toBe('opt1');
    for (const o of el.options!) expect(o.text.text.length).toBeLessThanOrEqual(75);
  });

  it('a select with no options → a text input, since Slack rejects an empty select', () => {
    const v = toModal(
      { ...form, fields: [{ name: 'tag', label: 'Tag', kind: 'select', options: [] }] },
      { locale: 'en' },
    );
    expect(blockOf(v, 'tag').element.type).toBe('plain_text_input');
  });

  it('duplicate field names → one block, since Slack rejects repeated block_ids', () => {
    const dup: FormField = { name: 'x', label: 'X', kind: 'text' };
    expect(toModal({ ...form, fields: [dup, dup] }, { locale: 'en' }).blocks).toHaveLength(1);
  });

  it('private_metadata over 3000 chars → a RangeError instead of silently corrupted state', () => {
    expect(() => toModal(form, { locale: 'en', privateMetadata: 'x'.repeat(3001) })).toThrow(RangeError);
  });
});

describe('readModalValues: round trip per field kind', () => {
  it.each<[string, string | string[], string]>([
    ['name', '  Spring sale  ', 'Spring sale'],
    ['notes', 'line 1\nline 2\n', 'line 1\nline 2'],
    ['budget', '50000.5', '50000.5'],
    ['start', '2026-10-08', '2026-10-08'],
    ['type', 'promotion', 'promotion'],
    ['channels', ['douyin', 'xhs'], 'douyin,xhs'],
    ['owner', 'U0123ABC', 'U0123ABC'],
  ])('%s answered → the key=value arg', (name, answer, expected) => {
    expect(readModalValues(form, submit(form, { [name]: answer }))).toEqual({ [name]: expected });
  });

  it('a fully filled form → every arg, keyed by field name', () => {
    const args = readModalValues(
      form,
      submit(form, {
        name: 'Spring sale',
        notes: 'n',
        budget: '5000',
        start: '2026-03-01',
        type: 'promotion',
        channels: ['wechat'],
        owner: 'U9',
      }),
    );
    expect(args).toEqual({
      name: 'Spring sale',
      notes: 'n',
      budget: '5000',
      start: '2026-03-01',
      type: 'promotion',
      channels: 'wechat',
      owner: 'U9',
    });
  });

  it('empty, blank and unselected answers → omitted, not empty strings', () => {
    const values = submit(form, { name: '   ', notes: '', channels: [] });
    expect(readModalValues(form, values)).toEqual({});
  });

  it('no state at all or an unknown block → an empty record, no exception', () => {
    expect(readModalValues(form, undefined)).toEqual({});
    expect(readModalValues(form, { other: { value: { type: 'plain_text_input', value: 'x' } } })).toEqual({});
  });

  it('a block whose element has another action_id → still read', () => {
    const values: ViewStateValues = { name: { legacy: { type: 'plain_text_input', value: 'Old view' } } };
    expect(readModalValues(form, values)).toEqual({ name: 'Old view' });
  });
});

describe('toFieldErrors', () => {
  it('errors by field name → response_action errors keyed by block_id', () => {
    expect(toFieldErrors({ budget: 'must be a positive amount' })).toEqual({
      response_action: 'errors',
      errors: { budget: 'must be a positive amount' },
    });
  });

  it('an error for a name that is not a field → shown on the first field, so Slack accepts the response', () => {
    const res = toFieldErrors({ start: 'not a date', end: 'before start' }, form);
    expect(res.errors).toEqual({ start: 'not a date', name: 'end: before start' });
  });
});
