// mopsbot local console: renders neutral Cards from the JSON API and keeps them live over SSE.
// Hand-written browser JavaScript with no build step. All text goes in through textContent or
// attributes, never innerHTML, so a card can never inject markup.

// Drawn as a small badge with glyphs every font has, rather than emoji a bare Linux box may lack.
const TONE_ICON = { success: '✓', warning: '!', danger: '!' };
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const STORE_AS = 'mopsbot.console.actingAs';
const STORE_CHANNEL = 'mopsbot.console.channel';

const state = {
  data: null,
  strings: {},
  actingAs: '',
  channel: '',
  /** @type {Map<number, any>} */
  messages: new Map(),
  /** @type {Map<string, number>} */
  unread: new Map(),
  offsetMs: 0,
  /** @type {EventSource | null} */
  events: null,
  /** The person the open event stream belongs to. */
  eventsAs: '',
  down: false,
  history: [],
  historyAt: 0,
};

const $ = (id) => document.getElementById(id);

function t(key, params) {
  const template = state.strings[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

const storage = {
  get(key) {
    try {
      return localStorage.getItem(key) ?? '';
    } catch {
      return '';
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Private mode: the console still works, it just forgets the choice.
    }
  },
};

/** Creates an element with attributes and children; strings become text nodes. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** Text with `code` spans, as the bot's usage messages write them. */
function rich(text) {
  const parts = String(text ?? '').split('`');
  if (parts.length % 2 === 0) {
    // An unpaired backtick stays literal.
    const last = parts.pop();
    parts[parts.length - 1] += `\`${last}`;
  }
  const frag = document.createDocumentFragment();
  parts.forEach((part, i) => {
    if (!part) return;
    frag.append(i % 2 === 1 ? h('code', { text: part }) : document.createTextNode(part));
  });
  return frag;
}

async function api(path, body) {
  let res;
  try {
    res = await fetch(
      path,
      body === undefined
        ? { headers: { accept: 'application/json' } }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(body),
          },
    );
  } catch {
    throw new Error(t('err.network'));
  }
  let json = {};
  try {
    json = await res.json();
  } catch {
    json = {};
  }
  if (!res.ok) {
    const err = new Error(
      json.message || (json.errorId ? `HTTP ${res.status} · ${json.errorId}` : `HTTP ${res.status}`),
    );
    err.status = res.status;
    throw err;
  }
  return json;
}

let toastTimer;
function toast(message, kind = 'info') {
  const el = $('toast');
  el.textContent = message;
  el.dataset.kind = kind;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), kind === 'error' ? 8000 : 4000);
}

/** Runs an async click handler with the button disabled, showing a failure as a toast. */
async function busy(button, fn) {
  if (button) button.disabled = true;
  try {
    return await fn();
  } catch (e) {
    toast(e.message, 'error');
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- time -------------------------------------------------------------------------------------------

function fmt(date, withYear) {
  const opts = {
    timeZone: state.data?.tz,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  if (withYear) Object.assign(opts, { year: 'numeric', weekday: 'short' });
  try {
    return new Intl.DateTimeFormat(state.data?.locale ?? 'zh-CN', opts).format(date);
  } catch {
    return date.toISOString();
  }
}

function setNow(iso) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return;
  state.offsetMs = ms - Date.now();
  tick();
}

function botNow() {
  return new Date(Date.now() + state.offsetMs);
}

function tick() {
  const el = $('bot-time');
  const now = botNow();
  el.textContent = fmt(now, true);
  el.setAttribute('datetime', now.toISOString());
}

// ---- channels and people ----------------------------------------------------------------------------

const dm = () => state.data?.dm ?? 'dm';

/** The view a message belongs in: the acting person's own channel is the DM view. */
function viewOf(message) {
  return message.channel === state.actingAs ? dm() : message.channel;
}

function home() {
  return state.data.home;
}

function channelName(id) {
  if (id === home()) return t('nav.home');
  return id === dm() ? t('nav.dm') : `#${id}`;
}

function channelDesc(id) {
  const key = `channel.${id}`;
  return key in state.strings ? t(key) : t('channel.other');
}

function personLabel(p) {
  const name = state.data.locale === 'en' ? `${p.name} (${p.latin})` : p.name;
  return `${name} · ${p.roles.map((r) => t(`role.${r}`)).join(', ')}`;
}

function renderPeople() {
  const select = $('acting-as');
  select.replaceChildren(...state.data.people.map((p) => h('option', { value: p.id, text: personLabel(p) })));
  select.value = state.actingAs;
}

function renderChannels() {
  const list = $('channel-list');
  list.replaceChildren(
    ...[home(), ...state.data.channels].map((id) => {
      const n = state.unread.get(id) ?? 0;
      const current = id === state.channel;
      return h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: `channel${current ? ' current' : ''}`,
            'aria-current': current ? 'page' : undefined,
            'data-channel': id,
            onclick: () => selectChannel(id),
          },
          h('span', { class: 'channel-name', text: channelName(id) }),
          n > 0 ? h('span', { class: 'badge', 'aria-label': t('nav.unread', { n }), text: String(n) }) : null,
        ),
      );
    }),
  );
}

function selectChannel(id) {
  state.channel = id;
  state.unread.delete(id);
  storage.set(STORE_CHANNEL, id);
  renderChannels();
  renderMessages();
  $('command').focus();
}

function renderTools() {
  const hooks = state.data.hooks;
  $('job-tools').hidden = !hooks.runJob;
  $('travel-tools').hidden = !hooks.advanceClock;
  $('load-demo').hidden = !hooks.loadDemo;
}

// ---- messages ---------------------------------------------------------------------------------------

function renderMessages() {
  const list = $('messages');
  $('channel-title').textContent = channelName(state.channel);
  $('channel-desc').textContent = channelDesc(state.channel);
  list.setAttribute('aria-label', t('msg.list_label', { channel: channelName(state.channel) }));
  $('send').setAttribute('aria-label', t('composer.send_label', { channel: channelName(state.channel) }));
  if (state.channel === home()) {
    void renderHome();
    return;
  }
  const shown = [...state.messages.values()]
    .filter((m) => viewOf(m) === state.channel)
    .sort((a, b) => a.id - b.id);
  list.replaceChildren(
    ...(shown.length > 0
      ? shown.map(renderMessage)
      : [h('li', { class: 'empty', text: t('channel.empty') })]),
  );
  scrollToNewest(list);
}

/** Open at the newest message: the list scrolls on a wide screen, the page itself at phone width. */
function scrollToNewest(list) {
  list.scrollTop = list.scrollHeight;
  if (getComputedStyle(list).overflowY === 'visible') {
    window.scrollTo(0, document.documentElement.scrollHeight);
  }
}

// ---- home view --------------------------------------------------------------------------------------

/** The Home view: fetched fresh each time it is shown and after an action taken from it. */
async function renderHome() {
  const list = $('messages');
  const as = state.actingAs;
  let res;
  try {
    res = await api(`/api/console/home?as=${encodeURIComponent(as)}`);
  } catch (e) {
    toast(e.message, 'error');
    return;
  }
  if (state.channel !== home() || state.actingAs !== as) return;
  const now = botNow().toISOString();
  list.replaceChildren(
    ...res.cards.map((card, i) =>
      renderMessage({ id: -(i + 1), card, at: now, channel: home(), home: true }),
    ),
  );
  list.scrollTop = 0;
}

/**
 * What the stream delivered while a load() was fetching the state, one map per load in flight: the snapshot
 * may have been read before these were posted (a digest sent right after "Load demo data"), and replacing the
 * messages with it would drop them from the page.
 */
const inFlight = new Set();

function upsert(message) {
  for (const arrived of inFlight) arrived.set(message.id, message);
  const isNew = !state.messages.has(message.id);
  state.messages.set(message.id, message);
  const view = viewOf(message);
  if (!state.data.channels.includes(view)) {
    state.data.channels.splice(state.data.channels.length - 1, 0, view);
    renderChannels();
  }
  if (view !== state.channel || state.channel === home()) {
    if (isNew) {
      state.unread.set(view, (state.unread.get(view) ?? 0) + 1);
      renderChannels();
    }
    return;
  }
  const list = $('messages');
  const pageScrolls = getComputedStyle(list).overflowY === 'visible';
  const nearBottom = pageScrolls
    ? document.documentElement.scrollHeight - window.scrollY - window.innerHeight < 120
    : list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  const el = renderMessage(message);
  const existing = list.querySelector(`[data-id="${Number(message.id)}"]`);
  if (existing) {
    existing.replaceWith(el);
    return;
  }
  list.querySelector('.empty')?.remove();
  const later = [...list.children].find((c) => Number(c.dataset.id) > message.id);
  if (later) list.insertBefore(el, later);
  else list.append(el);
  if (nearBottom || isNew) scrollToNewest(list);
}

function mentionLabel(m) {
  const p = m.platform === 'console' ? state.data.people.find((x) => x.id === m.userId) : undefined;
  return `@${p ? p.name : m.userId}`;
}

function renderImage(image) {
  if (!image || typeof image.pngBase64 !== 'string' || !BASE64.test(image.pngBase64)) return null;
  const img = h('img', { alt: image.alt || '', class: 'card-image', decoding: 'async' });
  img.addEventListener('error', () =>
    img.replaceWith(h('p', { class: 'image-broken', text: t('msg.image_broken') })),
  );
  img.src = `data:image/png;base64,${image.pngBase64}`;
  return h('figure', {}, img, image.title ? h('figcaption', { text: image.title }) : null);
}

function cardTitle(card, tone, titleId) {
  if (!card.title) return null;
  // One icon: a title with its own (🚨 …) gets no tone icon besides.
  const icon =
    TONE_ICON[tone] && !/^\s*\p{Extended_Pictographic}/u.test(card.title)
      ? h('span', { class: 'tone-icon', 'aria-hidden': 'true', text: TONE_ICON[tone] })
      : null;
  return h('h3', { class: 'card-title', id: titleId }, icon, card.title);
}

function cardText(card) {
  const mentions = (card.mentions ?? []).map((m) => h('span', { class: 'mention', text: mentionLabel(m) }));
  if (!card.text && mentions.length === 0) return null;
  return h('p', { class: 'card-text' }, ...mentions, mentions.length > 0 ? ' ' : null, rich(card.text ?? ''));
}

function cardFields(card) {
  if (!Array.isArray(card.fields) || card.fields.length === 0) return null;
  const value = (f) => rich(f.value?.trim() || '—');
  return h(
    'dl',
    { class: 'fields' },
    card.fields.map((f) =>
      h(
        'div',
        { class: 'field' },
        h('dt', { text: f.label ?? '' }),
        h('dd', {}, f.struck ? h('s', {}, value(f)) : value(f)),
      ),
    ),
  );
}

function cardSections(card) {
  return (card.sections ?? []).map((s) =>
    h(
      'section',
      { class: 'card-section' },
      s.heading ? h('h4', { text: s.heading }) : null,
      h('p', {}, rich((s.lines ?? []).join('\n'))),
    ),
  );
}

function cardContext(card) {
  if (!Array.isArray(card.context) || card.context.length === 0) return null;
  return h(
    'ul',
    { class: 'context' },
    card.context.map((c) => h('li', {}, rich(c))),
  );
}

function cardButtons(message, card) {
  if (!Array.isArray(card.buttons) || card.buttons.length === 0) return null;
  return h(
    'div',
    { class: 'actions' },
    card.buttons.map((b) =>
      h('button', {
        type: 'button',
        class: `btn ${b.style === 'primary' || b.style === 'danger' ? b.style : ''}`,
        text: b.text || b.action,
        'data-action': b.action,
        onclick: (e) => clickButton(message, b, e.currentTarget),
      }),
    ),
  );
}

function messageMeta(message) {
  const at = new Date(message.at);
  return h(
    'div',
    { class: 'meta' },
    h('span', { class: 'author', text: t('msg.bot') }),
    h('time', { datetime: message.at, text: Number.isNaN(at.getTime()) ? '' : fmt(at, false) }),
    message.ephemeral ? h('span', { class: 'only-you', text: t('msg.ephemeral') }) : null,
  );
}

function renderMessage(message) {
  const card = message.card ?? {};
  const tone = ['info', 'success', 'warning', 'danger'].includes(card.tone) ? card.tone : 'info';
  const titleId = `m${Number(message.id)}-title`;
  const body = h(
    'article',
    { class: 'card', 'aria-labelledby': card.title ? titleId : undefined },
    cardTitle(card, tone, titleId),
    cardText(card),
    cardFields(card),
    cardSections(card),
    renderImage(card.image),
    cardContext(card),
    cardButtons(message, card),
  );
  return h(
    'li',
    { class: `msg tone-${tone}${message.ephemeral ? ' ephemeral' : ''}`, 'data-id': Number(message.id) },
    messageMeta(message),
    body,
  );
}

// ---- actions, commands and forms --------------------------------------------------------------------

function confirmDialog(confirm) {
  const dlg = $('confirm-dialog');
  $('confirm-title').textContent = confirm.title || '';
  $('confirm-text').textContent = confirm.text || '';
  $('confirm-ok').textContent = confirm.ok || t('confirm.ok');
  $('confirm-cancel').textContent = confirm.cancel || t('confirm.cancel');
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.showModal();
    $('confirm-cancel').focus();
  });
}

async function clickButton(message, button, el) {
  if (button.confirm && !(await confirmDialog(button.confirm))) return;
  const buttons = el.closest('.actions')?.querySelectorAll('button') ?? [];
  for (const b of buttons) b.disabled = true;
  try {
    const res = message.home
      ? await api('/api/console/home-action', { action: button.action, actingAs: state.actingAs })
      : await api('/api/console/action', {
          action: button.action,
          actingAs: state.actingAs,
          messageId: message.id,
        });
    if (res.form) openForm(res.form);
    if (res.posted) upsert(res.posted);
    if (message.home && !res.form) {
      if (res.posted?.card?.title) toast(res.posted.card.title, 'info');
      await renderHome();
    }
  } catch (e) {
    toast(e.message, 'error');
  } finally {
    for (const b of buttons) if (b.isConnected) b.disabled = false;
  }
}

async function runCommand(text) {
  const res = await api('/api/console/command', { text, channel: state.channel, actingAs: state.actingAs });
  if (res.form) openForm(res.form);
  if (res.posted) upsert(res.posted);
  return res;
}

function fieldControl(field, id, describedBy) {
  const common = {
    id,
    name: field.name,
    'aria-required': field.required ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
    placeholder: field.placeholder || undefined,
  };
  const options = (list, withBlank) => [
    ...(withBlank ? [h('option', { value: '', text: t('form.choose') })] : []),
    ...list.map((o) => h('option', { value: o.value, text: o.label || o.value })),
  ];
  const people = () => state.data.people.map((p) => ({ value: p.id, label: p.name }));
  switch (field.kind) {
    case 'textarea':
      return h('textarea', { ...common, rows: 4 });
    // Money and counts are text: people type 5万, 50,000 or ¥5000, and the bot parses them like a command.
    case 'amount':
    case 'count':
      return h('input', { ...common, type: 'text', autocomplete: 'off' });
    case 'date':
      return h('input', { ...common, type: 'date' });
    case 'select':
      return h('select', common, options(field.options ?? [], true));
    case 'multiselect':
      return h('select', { ...common, multiple: true }, options(field.options ?? [], false));
    case 'user':
      return h('select', common, options(people(), true));
    default:
      return h('input', { ...common, type: 'text' });
  }
}

function formValue(control) {
  if (control.multiple) return [...control.selectedOptions].map((o) => o.value);
  return control.value;
}

function openForm(spec) {
  const dlg = $('form-dialog');
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const controls = [];
  const fields = spec.fields.map((field, i) => {
    const id = `form-field-${i}`;
    const hintId = field.hint ? `${id}-hint` : '';
    const errId = `${id}-error`;
    const control = fieldControl(field, id, [hintId, errId].filter(Boolean).join(' '));
    const error = h('p', { class: 'field-error', id: errId, hidden: true });
    controls.push({ field, control, error });
    return h(
      'div',
      { class: 'form-field' },
      h(
        'label',
        { for: id },
        field.label || field.name,
        field.required ? h('span', { class: 'required', title: t('form.required'), text: ' *' }) : null,
      ),
      control,
      field.hint ? h('p', { class: 'hint', id: hintId, text: field.hint }) : null,
      error,
    );
  });
  const submit = h('button', { type: 'submit', class: 'primary', text: spec.submit });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('h2', { id: 'form-title', text: spec.title }),
    formError,
    ...fields,
    h(
      'div',
      { class: 'dialog-buttons' },
      h('button', { type: 'button', text: t('form.cancel'), onclick: () => dlg.close() }),
      submit,
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const args = {};
    for (const { field, control } of controls) args[field.name] = formValue(control);
    await busy(submit, async () => {
      const res = await api('/api/console/form', {
        command: spec.command,
        args,
        channel: state.channel,
        actingAs: state.actingAs,
      });
      if (res.fieldErrors || res.formError) {
        showFormErrors(controls, formError, res.fieldErrors ?? {}, res.formError);
        return;
      }
      dlg.close();
      if (res.posted) upsert(res.posted);
      if (state.channel === home()) await renderHome();
    });
  });
  dlg.replaceChildren(form);
  dlg.showModal();
  controls[0]?.control.focus();
}

function showFormErrors(controls, formError, fieldErrors, general) {
  let first;
  for (const { field, control, error } of controls) {
    const msg = fieldErrors[field.name];
    error.hidden = !msg;
    error.replaceChildren(rich(msg ?? ''));
    if (msg) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    } else control.removeAttribute('aria-invalid');
  }
  formError.hidden = !general;
  formError.replaceChildren(rich(general ?? ''));
  (first ?? formError).focus?.();
}

// ---- live updates -----------------------------------------------------------------------------------

function setLive(up) {
  const el = $('live');
  el.dataset.state = up ? 'live' : 'down';
  el.textContent = up ? t('app.live') : t('app.reconnecting');
}

function connect() {
  state.events?.close();
  const es = new EventSource(`/api/console/events?as=${encodeURIComponent(state.actingAs)}`);
  state.events = es;
  es.addEventListener('open', () => {
    setLive(true);
    // Messages posted while the stream was down are fetched again.
    if (state.down) void load();
    state.down = false;
  });
  es.addEventListener('error', () => {
    state.down = true;
    setLive(false);
  });
  es.addEventListener('message', (e) => upsert(JSON.parse(e.data)));
  es.addEventListener('update', (e) => upsert(JSON.parse(e.data)));
  es.addEventListener('clock', (e) => setNow(JSON.parse(e.data).now));
  es.addEventListener('reload', () => void load());
}

// ---- start ------------------------------------------------------------------------------------------

async function load() {
  const as = state.actingAs || storage.get(STORE_AS);
  const streamAs = state.eventsAs;
  const arrived = new Map();
  inFlight.add(arrived);
  let data;
  try {
    data = await api(`/api/console/state${as ? `?as=${encodeURIComponent(as)}` : ''}`);
  } catch (e) {
    // A remembered person that no longer exists: start as the default one.
    if (as && e.status === 400) data = await api('/api/console/state');
    else throw e;
  } finally {
    inFlight.delete(arrived);
  }
  state.data = data;
  state.strings = data.strings;
  state.actingAs = data.actingAs;
  state.messages = new Map(data.messages.map((m) => [m.id, m]));
  // Keep what the stream brought meanwhile, when that stream was this person's.
  if (streamAs === data.actingAs) for (const [id, m] of arrived) state.messages.set(id, m);
  for (const m of state.messages.values()) {
    const v = viewOf(m);
    if (!data.channels.includes(v)) data.channels.splice(data.channels.length - 1, 0, v);
  }
  const wanted = state.channel || storage.get(STORE_CHANNEL);
  state.channel = data.channels.includes(wanted) || wanted === data.home ? wanted : data.channels[0];
  setNow(data.now);
  renderPeople();
  renderTools();
  renderChannels();
  renderMessages();
  if (!state.events || state.events.readyState === EventSource.CLOSED || state.eventsAs !== state.actingAs) {
    state.eventsAs = state.actingAs;
    connect();
  }
}

function wire() {
  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('command');
    const text = input.value.trim();
    if (!text) return;
    await busy($('send'), async () => {
      await runCommand(text);
      if (state.history.at(-1) !== text) state.history.push(text);
      state.historyAt = state.history.length;
      input.value = '';
    });
    input.focus();
  });
  $('command').addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    if (state.history.length === 0) return;
    e.preventDefault();
    state.historyAt = Math.max(
      0,
      Math.min(state.history.length, state.historyAt + (e.key === 'ArrowUp' ? -1 : 1)),
    );
    e.currentTarget.value = state.history[state.historyAt] ?? '';
  });
  $('help').addEventListener('click', (e) => busy(e.currentTarget, () => runCommand('/mops help')));
  $('acting-as').addEventListener('change', (e) => {
    state.actingAs = e.currentTarget.value;
    storage.set(STORE_AS, state.actingAs);
    state.unread.clear();
    void busy(null, load);
  });
  $('run-job').addEventListener('click', (e) =>
    busy(e.currentTarget, async () => {
      const select = $('job-name');
      const res = await api('/api/console/run-job', { name: select.value });
      const label = select.selectedOptions[0]?.textContent ?? select.value;
      toast(res.summary || t('jobs.ran', { job: label }));
    }),
  );
  const travel = (hours) => (e) =>
    busy(e.currentTarget, async () => {
      const res = await api('/api/console/time-travel', { hours });
      setNow(res.now);
      toast(t('clock.moved', { now: fmt(new Date(res.now), true) }));
    });
  $('travel-hour').addEventListener('click', travel(1));
  $('travel-day').addEventListener('click', travel(24));
  $('load-demo').addEventListener('click', (e) =>
    busy(e.currentTarget, async () => {
      const res = await api('/api/console/demo', {});
      toast([t('demo.loaded'), res.summary].filter(Boolean).join(' · '));
      await load();
    }),
  );
  setInterval(tick, 15_000);
}

wire();
load().catch((e) => {
  setLive(false);
  toast(e.message, 'error');
});
