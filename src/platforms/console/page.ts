/**
 * The console's HTML shell. Everything dynamic (channels, people, messages) is filled in by app.js from
 * the JSON API; this page only carries the localised chrome and the labelled controls.
 */
import type { Locale } from '../../chat/i18n';
import { tConsole } from './messages';
import { CONSOLE_JOBS } from './people';

/** HTML-escapes text for element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The page's Content-Security-Policy: no inline script or style, images only from here or data: URLs. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%23e8590c'/%3E%3Ctext x='16' y='23' font-size='19' text-anchor='middle' fill='white' font-family='sans-serif'%3Em%3C/text%3E%3C/svg%3E";

export function renderPage(locale: Locale): string {
  const t = (key: Parameters<typeof tConsole>[1], params?: Record<string, string | number>) =>
    escapeHtml(tConsole(locale, key, params));
  const jobOptions = CONSOLE_JOBS.map(
    (j) => `<option value="${j}">${t(`job.${j}` as 'job.daily-digest')}</option>`,
  ).join('');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('app.title')}</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="/console/style.css">
<script type="module" src="/console/app.js"></script>
</head>
<body>
<header class="topbar">
  <h1 class="brand">mopsbot <span class="brand-sub">${t('app.title').replace(/^mopsbot\s*/, '')}</span></h1>
  <div class="clock" title="${t('clock.label')}">
    <span class="clock-label">${t('clock.label')}</span>
    <time id="bot-time" class="clock-time">—</time>
    <span id="live" class="live" data-state="connecting">${t('app.loading')}</span>
  </div>
  <label class="acting">
    <span>${t('people.label')}</span>
    <select id="acting-as" aria-label="${t('people.label')}"></select>
  </label>
  <div class="tools" role="group" aria-label="${t('clock.controls')}">
    <span class="job-tools" id="job-tools" hidden>
      <select id="job-name" aria-label="${t('jobs.label')}">${jobOptions}</select>
      <button type="button" id="run-job" aria-label="${t('jobs.run_label')}">${t('jobs.run')}</button>
    </span>
    <span class="travel-tools" id="travel-tools" hidden>
      <button type="button" id="travel-hour" aria-label="${t('clock.hour_label')}">${t('clock.hour')}</button>
      <button type="button" id="travel-day" aria-label="${t('clock.day_label')}">${t('clock.day')}</button>
    </span>
    <button type="button" id="load-demo" aria-label="${t('demo.load_label')}" hidden>${t('demo.load')}</button>
  </div>
</header>
<div class="layout">
  <nav class="channels" aria-label="${t('nav.channels')}">
    <ul id="channel-list"></ul>
  </nav>
  <main class="main">
    <div class="channel-head">
      <h2 id="channel-title">${t('app.loading')}</h2>
      <p id="channel-desc" class="channel-desc"></p>
    </div>
    <ol id="messages" class="messages" aria-live="polite" aria-relevant="additions"></ol>
    <form id="composer" class="composer" autocomplete="off">
      <button type="button" id="help" class="help" aria-label="${t('composer.help_label')}">${t('composer.help')}</button>
      <input id="command" name="command" type="text" aria-label="${t('composer.label')}"
        placeholder="${t('composer.placeholder')}" spellcheck="false" autocapitalize="off" enterkeyhint="send">
      <button type="submit" id="send" class="primary">${t('composer.send')}</button>
    </form>
    <p class="warning">${t('app.warning')}</p>
  </main>
</div>
<dialog id="form-dialog" class="form-dialog" aria-labelledby="form-title"></dialog>
<dialog id="confirm-dialog" class="confirm-dialog" aria-labelledby="confirm-title">
  <form method="dialog">
    <h2 id="confirm-title"></h2>
    <p id="confirm-text"></p>
    <div class="dialog-buttons">
      <button value="cancel" id="confirm-cancel">${t('confirm.cancel')}</button>
      <button value="ok" id="confirm-ok" class="primary">${t('confirm.ok')}</button>
    </div>
  </form>
</dialog>
<div id="toast" class="toast" role="status" aria-live="polite"></div>
</body>
</html>
`;
}
