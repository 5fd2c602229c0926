// Live updates for every signed-in page: reads /api/v1/events/stream (Server-Sent Events), re-dispatches
// each event on `document` as `carewell:<type>` (htmx and page scripts listen for these), and shows
// hospital alert banners. Uses fetch rather than EventSource so every event type can be re-dispatched
// and Last-Event-ID is under our control. Pages work without it.
(() => {
  'use strict';
  const STREAM = '/api/v1/events/stream';
  const bell = document.getElementById('notification-bell');
  let words = {};
  try {
    words = JSON.parse((bell && bell.dataset.liveStrings) || '{}');
  } catch {
    words = {};
  }
  const word = (key, fallback) => words[key] || fallback;
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  // ---- Sound for critical alerts: browsers allow audio only after the person has interacted. ----
  let interacted = false;
  let audio = null;
  const markInteracted = () => {
    interacted = true;
  };
  for (const type of ['pointerdown', 'keydown', 'touchstart'])
    document.addEventListener(type, markInteracted, { once: true, capture: true });
  function beep() {
    if (!interacted) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const now = audio.currentTime;
      for (const [offset, freq] of [
        [0, 880],
        [0.25, 660],
        [0.5, 880],
      ]) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = 'square';
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.15, now + offset);
        gain.gain.exponentialRampToValueAtTime(0.001, now + offset + 0.2);
        osc.connect(gain).connect(audio.destination);
        osc.start(now + offset);
        osc.stop(now + offset + 0.2);
      }
    } catch {
      /* no audio on this device */
    }
  }

  // ---- Banners ----
  const ICONS = { info: 'ℹ', warning: '⚠', critical: '⛔' };
  const KINDS = { info: 'info', warning: 'warning', critical: 'danger' };
  const shown = new Set();
  function region() {
    let el = document.getElementById('live-banners');
    if (!el) {
      el = document.createElement('section');
      el.id = 'live-banners';
      el.className = 'live-banners';
      el.setAttribute('aria-label', word('region', 'Alerts'));
      const main = document.getElementById('main');
      (main || document.body).prepend(el);
    }
    return el;
  }
  function text(tag, className, value) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = value;
    return el;
  }
  function showBanner(banner) {
    if (!banner || typeof banner.id !== 'string' || shown.has(banner.id)) return;
    const severity = ICONS[banner.severity] ? banner.severity : 'info';
    shown.add(banner.id);
    const el = document.createElement('div');
    el.className = `alert alert--${KINDS[severity]} live-banner live-banner--${severity}`;
    el.setAttribute('role', 'alert');
    el.dataset.bannerId = banner.id;
    const icon = text('span', 'alert-icon', ICONS[severity]);
    icon.setAttribute('aria-hidden', 'true');
    const body = document.createElement('div');
    const title = text('strong', 'alert-title', `${word(severity, severity)}: ${banner.title || ''}`);
    body.append(title, text('p', '', banner.message || ''));
    if (banner.location) body.append(text('p', 'live-banner-location', `${word('location', 'Location')}: ${banner.location}`));
    // A clinical alert's own page (the patient, the values, its timeline), one click from the banner.
    if (typeof banner.openUrl === 'string' && banner.openUrl.startsWith('/') && !banner.openUrl.startsWith('//')) {
      const open = text('a', 'btn btn--secondary btn--small live-banner-open', word('open', 'Open the alert'));
      open.href = banner.openUrl;
      body.append(open);
    }
    if (typeof banner.ackUrl === 'string' && banner.ackUrl.startsWith('/') && !banner.ackUrl.startsWith('//')) {
      const button = text('button', 'btn btn--secondary btn--small', word('acknowledge', 'Acknowledge'));
      button.type = 'button';
      const status = text('p', 'live-banner-status', '');
      status.setAttribute('aria-live', 'polite');
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          const res = await fetch(banner.ackUrl, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'x-csrf-token': csrf(), accept: 'application/json' },
          });
          if (!res.ok) throw new Error(String(res.status));
          el.remove();
          shown.delete(banner.id);
        } catch {
          button.disabled = false;
          status.textContent = word('ackFailed', 'Could not acknowledge. Try again.');
        }
      });
      body.append(button, status);
    }
    el.append(icon, body);
    region().prepend(el);
    if (severity === 'critical') beep();
  }
  function removeBanner(id) {
    const el = document.querySelector(`[data-banner-id="${CSS.escape(String(id))}"]`);
    if (el) el.remove();
    shown.delete(String(id));
  }

  async function loadActiveBanners() {
    try {
      const res = await fetch('/api/v1/banners/active', {
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-carewell-background': '1' },
      });
      if (!res.ok) return;
      const body = await res.json();
      for (const banner of body.items || []) showBanner(banner);
    } catch {
      /* offline: the stream will bring new ones */
    }
  }

  // ---- The stream ----
  let lastEventId = null;
  let retryMs = 3000;
  let failures = 0;

  function dispatch(type, dataText, id) {
    if (id) lastEventId = id;
    let data;
    try {
      data = dataText ? JSON.parse(dataText) : null;
    } catch {
      return;
    }
    if (data && data.banner) showBanner(data.banner);
    if (data && data.bannerCleared) removeBanner(data.bannerCleared);
    document.dispatchEvent(new CustomEvent(`carewell:${type}`, { detail: data }));
  }

  // Parses the text/event-stream format (https://html.spec.whatwg.org/multipage/server-sent-events.html).
  function parser() {
    let buffer = '';
    let event = { type: '', data: [], id: null };
    return (chunk) => {
      buffer += chunk;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (event.data.length) dispatch(event.type || 'message', event.data.join('\n'), event.id);
          else if (event.id) lastEventId = event.id;
          event = { type: '', data: [], id: null };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.type = value;
        else if (field === 'data') event.data.push(value);
        else if (field === 'id' && !value.includes('\0')) event.id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
      }
    };
  }

  async function connect() {
    const headers = { accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    try {
      const res = await fetch(STREAM, { credentials: 'same-origin', headers, cache: 'no-store' });
      // Signed out or session ended: stop; the next page load signs in again.
      if (res.status === 401 || res.status === 403) return;
      if (!res.ok || !res.body) throw new Error(String(res.status));
      failures = 0;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const feed = parser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        feed(value);
      }
    } catch {
      failures += 1;
    }
    // Reconnect (with the last id, so nothing is lost), backing off while the server is away.
    const delay = Math.min(60000, retryMs * Math.max(1, 2 ** Math.min(failures, 5)) * (0.8 + Math.random() * 0.4));
    setTimeout(connect, delay);
  }

  loadActiveBanners();
  connect();
})();
