// The patient's SOS (docs/emergency.md): one press, one confirmation, then the call's live status.
// The call is POSTed to /api/v1/emergency/incidents with one Idempotency-Key kept for this call
// (also in sessionStorage, so a reload retries the same call): while the network is down the page
// keeps retrying with that key, and the server updates the open call instead of opening another.
// While the call is open the phone's position is sent every POSITION_MS (the API takes one per 5 s);
// the status is re-read on each carewell:emergency.incident.changed event (from /assets/live.js)
// and every POLL_MS in case the stream is down. Without script the same form posts to the page
// (docs/emergency.md, "SOS without script"), which renders the status and reloads itself.
(() => {
  'use strict';
  const root = document.getElementById('sos');
  if (!root) return;
  const words = JSON.parse(root.dataset.words || '{}');
  const number = root.dataset.number || '';
  const w = (key, params) => (words[key] || key).replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
  const $ = (id) => document.getElementById(id);
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  const API = '/api/v1/emergency/incidents';
  const KEY_STORE = 'carewell.sos.key';
  const POSITION_MS = 10000;
  const POLL_MS = 15000;
  const ORDER = ['received', 'acknowledged', 'ambulance_assigned', 'en_route', 'arrived', 'closed'];

  let position = null;
  let watchId = null;
  let incident = null;
  let sentPositionAt = 0;
  let positionTimer = null;
  let pollTimer = null;
  let sending = false;

  async function call(method, path, body, headers = {}) {
    const res = await fetch(API + path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(method === 'GET' ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrf() }),
        ...headers,
      },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const error = new Error(data.detail || res.statusText);
      error.status = res.status;
      throw error;
    }
    return data;
  }

  function problem(text) {
    $('sos-problem').textContent = text || '';
    $('sos-problem').hidden = !text;
  }

  // ---- Location: asked for when the button is pressed, kept fresh while the call is open ----
  function locationText() {
    $('sos-location').textContent = position ? w('location_on') : watchId !== null ? w('location_asking') : w('location_off');
  }
  function watchLocation() {
    if (watchId !== null || !navigator.geolocation) return locationText();
    watchId = navigator.geolocation.watchPosition(
      (p) => {
        position = { latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: Math.min(p.coords.accuracy || 0, 100000) };
        locationText();
      },
      () => {
        position = null;
        navigator.geolocation.clearWatch(watchId);
        watchId = -1;
        $('sos-location').textContent = w('location_off');
      },
      { enableHighAccuracy: true, maximumAge: 10000, timeout: 15000 },
    );
    locationText();
  }
  function stopLocation() {
    if (watchId !== null && watchId >= 0 && navigator.geolocation) navigator.geolocation.clearWatch(watchId);
    watchId = null;
    clearInterval(positionTimer);
    positionTimer = null;
  }
  async function sendPosition() {
    if (!incident || incident.status === 'closed' || !position || Date.now() - sentPositionAt < 5000) return;
    sentPositionAt = Date.now();
    await call('POST', `/${incident.id}/locations`, position).catch(() => undefined);
  }

  // ---- Sending the call: the same key until the server has it ----
  function body() {
    const form = $('sos-form');
    const subject = form.querySelector('input[name="subject"]:checked');
    const note = $('sos-note').value.trim();
    const address = $('sos-address').value.trim();
    let callBack = $('sos-callback').checked;
    // Without a position or an address the call still goes out, as "call me back".
    if (!position && !address) callBack = true;
    return {
      subject: subject ? subject.value : 'self',
      ...(note ? { note } : {}),
      ...(address ? { address } : {}),
      callBack,
      ...(position ? { location: position } : {}),
    };
  }
  function idempotencyKey() {
    let key = sessionStorage.getItem(KEY_STORE);
    if (!key) {
      key = crypto.randomUUID();
      sessionStorage.setItem(KEY_STORE, key);
    }
    return key;
  }
  async function send() {
    if (sending) return;
    sending = true;
    problem(w('sending'));
    $('sos-problem').className = 'alert alert--info';
    let delay = 1000;
    for (;;) {
      try {
        const result = await call('POST', '', body(), { 'idempotency-key': idempotencyKey() });
        sending = false;
        problem('');
        show(result);
        sentPositionAt = Date.now();
        return;
      } catch (error) {
        if (error.status && error.status < 500 && error.status !== 408 && error.status !== 429) {
          sending = false;
          $('sos-problem').className = 'alert alert--danger';
          problem(w('send_failed', { detail: error.message, number }));
          return;
        }
        $('sos-problem').className = 'alert alert--warning';
        problem(w('retrying', { number }));
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10000);
      }
    }
  }

  // ---- The live status ----
  function show(next) {
    incident = next;
    if (!incident) return;
    const open = incident.status !== 'closed';
    $('sos-form').hidden = open;
    $('sos-status').hidden = false;
    $('sos-status').dataset.status = incident.status;
    const reached = ORDER.indexOf(incident.status);
    for (const li of $('sos-steps').children) {
      const at = ORDER.indexOf(li.dataset.step);
      li.className = at < reached ? 'sos-step sos-step--done' : at === reached ? 'sos-step sos-step--current' : 'sos-step';
      if (at === reached) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    }
    $('sos-unanswered').hidden = !(open && incident.unanswered);
    $('sos-unanswered').textContent = incident.unanswered ? w('unanswered', { number }) : '';
    $('sos-unit').textContent = incident.unitCallSign ? w('unit', { callSign: incident.unitCallSign }) : '';
    const eta = $('sos-eta');
    const moving = incident.status === 'ambulance_assigned' || incident.status === 'en_route';
    if (moving && incident.etaAt) {
      const seconds = Math.max(0, Math.round((Date.parse(incident.etaAt) - Date.now()) / 1000));
      eta.dataset.etaSeconds = String(seconds);
      eta.textContent = seconds < 60 ? w('eta_now') : w('eta', { minutes: Math.round(seconds / 60) });
    } else {
      delete eta.dataset.etaSeconds;
      eta.textContent = '';
    }
    $('sos-closed').hidden = open;
    if (open) {
      watchLocation();
      if (!positionTimer) positionTimer = setInterval(sendPosition, POSITION_MS);
      if (!pollTimer) pollTimer = setInterval(refresh, POLL_MS);
    } else {
      stopLocation();
      clearInterval(pollTimer);
      pollTimer = null;
      sessionStorage.removeItem(KEY_STORE);
    }
  }
  async function refresh() {
    try {
      const current = await call('GET', '/current');
      if (current.incident) show(current.incident);
    } catch (_error) {
      // The next event or poll tries again; the number stays on screen.
    }
  }

  // Without script the button submits the form (POST /portal/emergency); with it, it asks first.
  $('sos-press').type = 'button';
  $('sos-press').addEventListener('click', () => {
    watchLocation();
    $('sos-confirm').hidden = false;
    $('sos-send').focus();
  });
  $('sos-cancel').addEventListener('click', () => {
    $('sos-confirm').hidden = true;
    $('sos-press').focus();
  });
  $('sos-form').addEventListener('submit', (event) => {
    event.preventDefault();
    $('sos-confirm').hidden = true;
    void send();
  });
  $('sos-again').addEventListener('click', () => {
    $('sos-status').hidden = true;
    $('sos-form').hidden = false;
    incident = null;
    $('sos-press').focus();
  });
  document.addEventListener('carewell:emergency.incident.changed', (event) => {
    if (!incident || (event.detail && event.detail.incidentId === incident.id)) void refresh();
  });
  window.addEventListener('online', () => void refresh());
  // A call still open (another tab, a reload) is shown at once; a closed one only after a press.
  void call('GET', '/current')
    .then((current) => {
      if (current.incident && current.incident.status !== 'closed') show(current.incident);
    })
    .catch(() => undefined);
})();
