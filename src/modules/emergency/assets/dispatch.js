// The dispatch board (docs/emergency.md). Reads GET /api/v1/emergency/incidents (audited per
// incident) and each waiting call's suggestion, re-reads on carewell:emergency.* events from
// /assets/live.js, rings for a new call once the browser allows sound, and draws incidents and
// units with Leaflet (served by the app; tiles only when EMERGENCY_MAP_TILE_URL is set).
(() => {
  'use strict';
  const root = document.getElementById('dispatch');
  if (!root) return;
  const words = JSON.parse(root.dataset.words || '{}');
  const w = (key, params) => (words[key] || key).replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
  const $ = (id) => document.getElementById(id);
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  const locale = root.dataset.locale || 'en';
  const zone = root.dataset.zone || 'UTC';
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone });
  const km = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const POLL_MS = 30000;

  let known = null;
  let audio = null;
  let map = null;
  let layer = null;
  let reloadTimer = null;
  const confirming = new Map();

  async function call(method, path, body) {
    const res = await fetch(path, {
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
    $('dispatch-problem').textContent = text || '';
    $('dispatch-problem').hidden = !text;
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  }

  // ---- Sound: browsers allow it only after a click; until then the button says so ----
  function soundLabel() {
    const on = audio && audio.state === 'running';
    $('dispatch-sound').textContent = on ? w('sound_on') : w('sound_off');
    $('dispatch-sound').setAttribute('aria-pressed', on ? 'true' : 'false');
    $('dispatch-sound').dataset.sound = on ? 'on' : 'off';
  }
  function ring() {
    if (!audio || audio.state !== 'running') return;
    for (const [offset, pitch] of [
      [0, 880],
      [0.25, 660],
      [0.5, 880],
    ]) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      gain.gain.value = 0.2;
      oscillator.frequency.value = pitch;
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + offset);
      oscillator.stop(audio.currentTime + offset + 0.2);
    }
  }
  $('dispatch-sound').addEventListener('click', async () => {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    await audio.resume().catch(() => undefined);
    soundLabel();
    ring();
  });

  // ---- The map ----
  function drawMap(board) {
    if (!window.L) return;
    if (!map) {
      map = window.L.map('dispatch-map', { attributionControl: Boolean(root.dataset.tiles) });
      if (root.dataset.tiles) window.L.tileLayer(root.dataset.tiles, { maxZoom: 19 }).addTo(map);
      layer = window.L.layerGroup().addTo(map);
    }
    layer.clearLayers();
    const points = [];
    for (const incident of board.incidents) {
      if (!incident.location) continue;
      const at = [incident.location.latitude, incident.location.longitude];
      points.push(at);
      window.L.circleMarker(at, { radius: 10, color: '#b42318', fillOpacity: 0.8 })
        .bindTooltip(`${incident.patient.name} · ${w(`status_${incident.status}`)}`)
        .addTo(layer);
    }
    for (const unit of board.units) {
      if (unit.latitude === null || unit.longitude === null) continue;
      const at = [unit.latitude, unit.longitude];
      points.push(at);
      window.L.circleMarker(at, { radius: 7, color: '#1d4ed8', fillOpacity: 0.8 })
        .bindTooltip(`${unit.callSign} · ${w(`unit_status_${unit.status}`)}`, { permanent: true, direction: 'right' })
        .addTo(layer);
    }
    if (points.length > 0) map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
    else map.setView([0, 0], 2);
  }

  // ---- The lists ----
  function confirmButtons(id, action, question, label, run) {
    const key = `${action}:${id}`;
    if (!confirming.has(key))
      return el(
        'button',
        { type: 'button', class: 'btn btn--secondary', 'data-action': action, onclick: () => (confirming.set(key, true), load()) },
        label,
      );
    return el(
      'span',
      { class: 'dispatch-confirm', role: 'group' },
      el('span', {}, question, ' '),
      el(
        'button',
        { type: 'button', class: 'btn btn--danger', 'data-confirm': action, onclick: () => (confirming.delete(key), act(run)) },
        label,
      ),
      ' ',
      el('button', { type: 'button', class: 'btn btn--secondary', onclick: () => (confirming.delete(key), load()) }, '×'),
    );
  }
  async function act(run) {
    try {
      problem('');
      await run();
    } catch (error) {
      problem(w('action_failed', { detail: error.message }));
    }
    await load();
  }
  function suggestionBlock(incident, suggestion) {
    if (incident.unit || !suggestion) return null;
    if (!suggestion.suggestion) return el('p', { class: 'hint' }, w('no_suggestion'));
    const best = suggestion.suggestion;
    const path = `/api/v1/emergency/incidents/${incident.id}`;
    return el(
      'div',
      { class: 'dispatch-suggestion', 'data-suggested-unit': best.callSign },
      el('p', {}, el('strong', {}, `${w('suggest')}: ${best.callSign}`), ' — ', distance(best)),
      el(
        'ul',
        { class: 'dispatch-ranked' },
        suggestion.ranked.slice(1, 4).map((r) => el('li', {}, `${r.callSign}: `, distance(r))),
      ),
      confirmButtons(
        incident.id,
        'assign',
        w('assign_confirm', { callSign: best.callSign }),
        w('assign', { callSign: best.callSign }),
        () => call('POST', `${path}/assign`, { unitId: best.unitId }),
      ),
    );
  }
  const distance = (r) => w('distance', { km: km.format(r.distanceKm), minutes: Math.max(1, Math.round(r.etaSeconds / 60)) });

  function incidentCard(incident, suggestion) {
    const path = `/api/v1/emergency/incidents/${incident.id}`;
    const p = incident.patient;
    return el(
      'article',
      {
        class: `dispatch-incident${incident.unanswered ? ' dispatch-incident--unanswered' : ''}`,
        'data-incident-id': incident.id,
        'data-status': incident.status,
      },
      el('h3', {}, p.name, ' ', el('span', { class: 'badge badge--danger' }, w(`status_${incident.status}`))),
      incident.unanswered ? el('p', { class: 'alert alert--danger' }, w('board_unanswered')) : null,
      el(
        'dl',
        { class: 'dispatch-facts' },
        el('dt', {}, w('since')),
        el('dd', {}, `${time.format(new Date(incident.createdAt))} (${zone})`),
        p.phone ? [el('dt', {}, w('phone')), el('dd', {}, el('a', { href: `tel:${p.phone}`, dir: 'ltr' }, p.phone))] : null,
        p.birthDate ? [el('dt', {}, w('born')), el('dd', {}, p.birthDate)] : null,
        el('dt', {}, w('position')),
        el(
          'dd',
          { dir: 'ltr' },
          incident.location ? `${incident.location.latitude.toFixed(5)}, ${incident.location.longitude.toFixed(5)}` : w('no_position'),
        ),
        incident.address ? [el('dt', {}, w('address')), el('dd', {}, incident.address)] : null,
        incident.note ? [el('dt', {}, w('note')), el('dd', {}, incident.note)] : null,
        incident.unit ? [el('dt', {}, w('unit_label')), el('dd', {}, incident.unit.callSign)] : null,
      ),
      incident.callBack ? el('p', { class: 'badge badge--warning' }, w('call_back_requested')) : null,
      incident.subject === 'companion' ? el('p', { class: 'hint' }, w('for_companion_short')) : null,
      suggestionBlock(incident, suggestion),
      el(
        'p',
        { class: 'dispatch-actions' },
        incident.status === 'received'
          ? el(
              'button',
              {
                type: 'button',
                class: 'btn btn--primary',
                'data-action': 'acknowledge',
                onclick: () => act(() => call('POST', `${path}/acknowledge`)),
              },
              w('acknowledge'),
            )
          : null,
        ' ',
        confirmButtons(incident.id, 'close', w('close_confirm'), w('close'), () => call('POST', `${path}/close`)),
      ),
    );
  }
  function unitsList(units) {
    if (units.length === 0) return el('p', {}, w('no_units'));
    return el(
      'ul',
      { class: 'dispatch-units' },
      units.map((u) =>
        el(
          'li',
          { 'data-unit': u.callSign, 'data-unit-status': u.status },
          el('strong', {}, u.callSign),
          ' ',
          el('span', { class: 'badge badge--neutral' }, w(`unit_status_${u.status}`)),
          ' ',
          u.latitude !== null
            ? el(
                'span',
                { dir: 'ltr' },
                `${u.latitude.toFixed(4)}, ${u.longitude.toFixed(4)}`,
                u.positionAt ? ` · ${time.format(new Date(u.positionAt))}` : '',
              )
            : el('span', {}, w('no_position')),
        ),
      ),
    );
  }

  async function load() {
    let board;
    try {
      board = await call('GET', '/api/v1/emergency/incidents');
    } catch (error) {
      return problem(w('action_failed', { detail: error.message }));
    }
    const suggestions = await Promise.all(
      board.incidents.map((i) =>
        !i.unit && i.location ? call('GET', `/api/v1/emergency/incidents/${i.id}/suggestion`).catch(() => null) : Promise.resolve(null),
      ),
    );
    const fresh = known ? board.incidents.filter((i) => !known.has(i.id)) : [];
    known = new Set(board.incidents.map((i) => i.id));
    const list = $('dispatch-incidents');
    list.replaceChildren(
      ...(board.incidents.length === 0 ? [el('p', {}, w('no_incidents'))] : board.incidents.map((i, n) => incidentCard(i, suggestions[n]))),
    );
    $('dispatch-units').replaceChildren(unitsList(board.units));
    drawMap(board);
    if (fresh.length > 0) {
      ring();
      for (const i of fresh) list.querySelector(`[data-incident-id="${i.id}"]`)?.classList.add('dispatch-incident--new');
    }
  }
  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 200);
  }
  document.addEventListener('carewell:emergency.incident.changed', reloadSoon);
  document.addEventListener('carewell:emergency.units.changed', reloadSoon);
  setInterval(load, POLL_MS);
  soundLabel();
  void load();
})();
