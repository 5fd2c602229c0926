// The crew's phone page (docs/emergency.md): the unit's incident from GET /api/v1/ambulances/mine
// (re-read on carewell:emergency.incident.changed and every POLL_MS), accept, status buttons, and
// the phone's position POSTed every POSITION_MS while an incident is assigned (stops without one).
(() => {
  'use strict';
  const root = document.getElementById('crew');
  if (!root) return;
  const words = JSON.parse(root.dataset.words || '{}');
  const w = (key, params) => (words[key] || key).replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
  const $ = (id) => document.getElementById(id);
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  const API = '/api/v1/ambulances/mine';
  const POSITION_MS = 5000;
  const POLL_MS = 15000;

  let view = null;
  let positionTimer = null;

  async function call(method, path, body) {
    const res = await fetch(API + path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrf() }) },
      body: method === 'GET' ? undefined : JSON.stringify(body || {}),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.detail || res.statusText);
    return data;
  }
  function problem(text) {
    $('crew-problem').textContent = text || '';
    $('crew-problem').hidden = !text;
  }
  function row(list, label, value, attrs = {}) {
    if (value === null || value === undefined || value === '') return;
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    for (const [name, v] of Object.entries(attrs)) dd.setAttribute(name, v);
    if (value instanceof Node) dd.append(value);
    else dd.textContent = value;
    list.append(dt, dd);
  }

  // ---- Position: sent while an incident is assigned ----
  function sendPosition() {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(
      async (p) => {
        $('crew-gps').textContent = w('crew_gps_on');
        const position = { latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: Math.min(p.coords.accuracy || 0, 100000) };
        try {
          show(await call('POST', '/position', position));
        } catch (_error) {
          // The next tick tries again.
        }
      },
      () => ($('crew-gps').textContent = w('crew_gps_off')),
      { enableHighAccuracy: true, maximumAge: 0, timeout: 10000 },
    );
  }
  function tracking(on) {
    if (on && !positionTimer) {
      sendPosition();
      positionTimer = setInterval(sendPosition, POSITION_MS);
    } else if (!on && positionTimer) {
      clearInterval(positionTimer);
      positionTimer = null;
      $('crew-gps').textContent = '';
    }
  }

  function show(next) {
    view = next;
    const unit = view.unit;
    $('crew-unit').textContent = unit
      ? `${w('unit', { callSign: unit.callSign })} · ${w(`unit_status_${unit.status}`)}`
      : w('crew_no_unit');
    if (unit) $('crew-unit').dataset.unitStatus = unit.status;
    const box = $('crew-incident');
    const incident = view.incident;
    $('crew-actions').hidden = !incident;
    tracking(Boolean(incident));
    if (!incident) {
      box.replaceChildren(Object.assign(document.createElement('p'), { textContent: unit ? w('crew_no_incident') : '' }));
      return;
    }
    const card = document.createElement('article');
    card.className = 'card crew-card';
    card.dataset.incidentId = incident.id;
    card.dataset.status = incident.status;
    const title = document.createElement('h2');
    title.textContent = `${incident.patient.name} · ${w(`status_${incident.status}`)}`;
    const list = document.createElement('dl');
    list.className = 'dispatch-facts';
    if (incident.patient.phone) {
      const tel = Object.assign(document.createElement('a'), {
        href: `tel:${incident.patient.phone}`,
        textContent: incident.patient.phone,
      });
      row(list, w('phone'), tel, { dir: 'ltr' });
    }
    row(list, w('born'), incident.patient.birthDate);
    row(list, w('address'), incident.address);
    row(list, w('note'), incident.note);
    if (incident.location) {
      const { latitude, longitude } = incident.location;
      const link = Object.assign(document.createElement('a'), { href: `geo:${latitude},${longitude}`, textContent: w('open_map') });
      row(list, `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`, link);
    } else row(list, w('no_position'), '—');
    card.append(title, list);
    if (view.distanceKm !== null) {
      const distance = Object.assign(document.createElement('p'), { id: 'crew-distance', className: 'crew-distance' });
      distance.textContent = w('crew_distance', { km: view.distanceKm.toFixed(1) });
      card.append(distance);
    }
    if (incident.callBack) card.append(Object.assign(document.createElement('p'), { textContent: w('call_back_requested') }));
    if (incident.subject === 'companion')
      card.append(Object.assign(document.createElement('p'), { textContent: w('for_companion_short') }));
    box.replaceChildren(card);
    $('crew-accept').hidden = view.accepted;
  }
  async function refresh() {
    try {
      show(await call('GET', ''));
      problem('');
    } catch (error) {
      problem(w('action_failed', { detail: error.message }));
    }
  }
  async function act(path, body) {
    try {
      problem('');
      show(await call('POST', path, body));
    } catch (error) {
      problem(w('action_failed', { detail: error.message }));
    }
  }

  $('crew-accept').addEventListener('click', () => view && view.incident && act(`/incidents/${view.incident.id}/accept`));
  for (const button of document.querySelectorAll('[data-crew-status]'))
    button.addEventListener(
      'click',
      () => view && view.incident && act(`/incidents/${view.incident.id}/status`, { status: button.dataset.crewStatus }),
    );
  document.addEventListener('carewell:emergency.incident.changed', () => void refresh());
  setInterval(refresh, POLL_MS);
  void refresh();
})();
