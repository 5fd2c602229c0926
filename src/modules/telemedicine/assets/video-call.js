// The video visit (docs/telemedicine.md): a 1:1 WebRTC call in the browser. Media goes peer to peer
// (RTCPeerConnection); the app only relays signalling: this script POSTs to
// /api/v1/telemedicine/appointments/<id>/... and hears the other side through the event stream
// that /assets/live.js re-dispatches on `document` (carewell:telemedicine.*). The clinician offers,
// the patient answers. Video that fails falls back to sound, sound that fails to the chat, and the
// page says so.
(() => {
  'use strict';
  const root = document.getElementById('video-visit');
  if (!root) return;
  const appointmentId = root.dataset.appointmentId;
  const side = root.dataset.side;
  const words = JSON.parse(root.dataset.words || '{}');
  const w = (key) => words[key] || key;
  const $ = (id) => document.getElementById(id);
  const API = `/api/v1/telemedicine/appointments/${appointmentId}`;
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  const POLL_MS = 3000;
  const READY_MS = 3000;

  let state = null;
  let pc = null;
  let localStream = null;
  let screenTrack = null;
  let mode = 'video';
  let peerMedia = null;
  let pendingCandidates = [];
  let readyTimer = null;
  let pollTimer = null;
  let offerAt = 0;
  let failures = 0;
  let chatLoaded = false;
  let ended = false;
  const shownMessages = new Set();

  // For the browser journey (e2e/telemedicine.spec.ts): the live connection and the call's mode.
  window.__carewellCall = {
    get pc() {
      return pc;
    },
    get mode() {
      return mode;
    },
    side,
  };

  async function request(method, path, body, extra = {}) {
    const headers = { accept: 'application/json' };
    if (method !== 'GET') {
      headers['content-type'] = 'application/json';
      headers['x-csrf-token'] = csrf();
    }
    const res = await fetch(API + path, {
      method,
      credentials: 'same-origin',
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body || {}),
      ...extra,
    });
    if (!res.ok) {
      const problem = await res.json().catch(() => ({}));
      const error = new Error(problem.detail || res.statusText);
      error.status = res.status;
      throw error;
    }
    return res.json();
  }
  const signal = (message) => request('POST', '/signal', message).catch(() => undefined);

  // ---- What the page says ----
  function status(text) {
    $('call-status').textContent = text || '';
  }
  const RANK = { video: 0, audio: 1, chat: 2 };
  function notice() {
    const peerMode = peerMedia ? peerMedia.mode : 'video';
    const worst = RANK[mode] >= RANK[peerMode] ? mode : peerMode;
    const lines = [worst === 'audio' ? w('fallback_audio') : worst === 'chat' ? w('fallback_chat') : ''];
    if (peerMedia && worst === 'video' && !peerMedia.video && !peerMedia.screen) lines.push(w('peer_camera_off'));
    if (peerMedia && worst !== 'chat' && !peerMedia.audio) lines.push(w('peer_muted'));
    const box = $('call-notice');
    box.textContent = lines.filter(Boolean).join(' ');
    box.hidden = !box.textContent;
  }
  function setMode(next) {
    mode = next;
    notice();
    sendMediaState();
  }

  // ---- Local media, with the fallbacks ----
  async function acquireMedia() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.RTCPeerConnection) {
      mode = 'chat';
      return null;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      mode = 'video';
      return stream;
    } catch {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        mode = 'audio';
        return stream;
      } catch {
        mode = 'chat';
        return null;
      }
    }
  }
  const track = (kind) => (localStream ? localStream.getTracks().find((t) => t.kind === kind) : undefined);

  function sendMediaState() {
    if (!state || state.patientPresence !== 'in_call') return;
    const mic = track('audio');
    const cam = track('video');
    void signal({
      kind: 'media',
      data: { audio: Boolean(mic && mic.enabled), video: Boolean(cam && cam.enabled), screen: Boolean(screenTrack), mode },
    });
  }

  // ---- The peer connection ----
  async function iceServers() {
    try {
      return (await request('GET', '/ice-servers')).iceServers;
    } catch {
      return [];
    }
  }

  async function newConnection() {
    if (pc) pc.close();
    pendingCandidates = [];
    const connection = new RTCPeerConnection({ iceServers: await iceServers() });
    pc = connection;
    // Our candidates wait until our description has been relayed: the other side must get it first.
    connection.heldCandidates = [];
    connection.onicecandidate = (event) => {
      if (!event.candidate || pc !== connection) return;
      const message = { kind: 'candidate', data: event.candidate.toJSON() };
      if (connection.heldCandidates) connection.heldCandidates.push(message);
      else void signal(message);
    };
    connection.ontrack = (event) => {
      const video = $('remote-video');
      video.srcObject = event.streams[0] || new MediaStream([event.track]);
      void video.play().catch(() => undefined);
    };
    connection.onconnectionstatechange = () => {
      if (pc !== connection) return;
      const s = connection.connectionState;
      if (s === 'connected') {
        failures = 0;
        status(w('connected'));
        sendMediaState();
      } else if (s === 'disconnected') status(w('reconnecting'));
      else if (s === 'failed') onConnectionFailed();
      else if (s === 'connecting' || s === 'new') status(w('connecting'));
    };
    return connection;
  }

  function onConnectionFailed() {
    failures += 1;
    if (failures >= 2) {
      // Neither sound nor video gets through on this network: the chat still does (through the app).
      status('');
      setMode('chat');
      return;
    }
    status(w('reconnecting'));
    if (side === 'patient') startReady();
  }

  async function sendDescription(connection) {
    const { type, sdp } = connection.localDescription;
    await signal({ kind: 'description', data: { type, sdp } });
    const held = connection.heldCandidates || [];
    connection.heldCandidates = null;
    for (const message of held) await signal(message);
  }

  async function flushCandidates() {
    const queued = pendingCandidates;
    pendingCandidates = [];
    for (const candidate of queued) await pc.addIceCandidate(candidate).catch(() => undefined);
  }

  // Clinician: an offer each time the patient says they are ready (first join, or back after a drop).
  async function offer() {
    if (pc && pc.signalingState === 'have-local-offer' && Date.now() - offerAt < 8000) return;
    offerAt = Date.now();
    const connection = await newConnection();
    for (const t of localStream ? localStream.getTracks() : []) connection.addTrack(t, localStream);
    if (!track('audio')) connection.addTransceiver('audio', { direction: 'recvonly' });
    if (!track('video')) connection.addTransceiver('video', { direction: 'recvonly' });
    if (screenTrack) await replaceVideo(screenTrack);
    await connection.setLocalDescription(await connection.createOffer());
    await sendDescription(connection);
  }

  // Patient: answers every offer with a fresh connection (the clinician starts over after a drop).
  async function answer(description) {
    stopReady();
    const connection = await newConnection();
    await connection.setRemoteDescription(description);
    for (const t of localStream ? localStream.getTracks() : []) connection.addTrack(t, localStream);
    await connection.setLocalDescription(await connection.createAnswer());
    await flushCandidates();
    await sendDescription(connection);
  }

  function startReady() {
    stopReady();
    const tell = () => void signal({ kind: 'ready' });
    tell();
    readyTimer = setInterval(tell, READY_MS);
  }
  function stopReady() {
    if (readyTimer) clearInterval(readyTimer);
    readyTimer = null;
  }

  document.addEventListener('carewell:telemedicine.signal', (event) => {
    const message = event.detail || {};
    if (message.appointmentId !== appointmentId || message.from === side || ended) return;
    void onSignal(message).catch(() => status(w('error_generic')));
  });

  async function onSignal(message) {
    if (message.kind === 'ready' && side === 'clinician') return offer();
    if (message.kind === 'description' && message.data.type === 'offer' && side === 'patient') return answer(message.data);
    if (message.kind === 'description' && message.data.type === 'answer' && side === 'clinician' && pc) {
      if (pc.signalingState !== 'have-local-offer') return;
      await pc.setRemoteDescription(message.data);
      return flushCandidates();
    }
    if (message.kind === 'candidate') {
      if (pc && pc.remoteDescription) await pc.addIceCandidate(message.data).catch(() => undefined);
      else pendingCandidates.push(message.data);
      return;
    }
    if (message.kind === 'media') {
      peerMedia = message.data;
      notice();
    }
  }

  // ---- Controls ----
  function toggle(kind, button, onWord, offWord) {
    const t = track(kind);
    if (!t) return;
    t.enabled = !t.enabled;
    button.textContent = w(t.enabled ? offWord : onWord);
    button.setAttribute('aria-pressed', String(!t.enabled));
    sendMediaState();
  }
  $('mute-button').addEventListener('click', (e) => toggle('audio', e.currentTarget, 'unmute', 'mute'));
  $('camera-button').addEventListener('click', (e) => toggle('video', e.currentTarget, 'camera_on', 'camera_off'));

  async function replaceVideo(next) {
    const sender = pc && pc.getSenders().find((s) => s.track && s.track.kind === 'video');
    if (sender) await sender.replaceTrack(next);
  }
  const shareButton = $('share-button');
  async function stopSharing() {
    if (!screenTrack) return;
    screenTrack.stop();
    screenTrack = null;
    await replaceVideo(track('video') || null);
    $('local-video').srcObject = localStream;
    shareButton.textContent = w('share_screen');
    shareButton.setAttribute('aria-pressed', 'false');
    sendMediaState();
  }
  if (shareButton) {
    shareButton.addEventListener('click', async () => {
      if (screenTrack) return stopSharing();
      if (!navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia) return;
      try {
        const display = await navigator.mediaDevices.getDisplayMedia({ video: true });
        screenTrack = display.getVideoTracks()[0];
        screenTrack.addEventListener('ended', () => void stopSharing());
        await replaceVideo(screenTrack);
        $('local-video').srcObject = display;
        shareButton.textContent = w('stop_sharing');
        shareButton.setAttribute('aria-pressed', 'true');
        sendMediaState();
      } catch {
        /* the person chose not to share */
      }
    });
  }

  // ---- Chat ----
  function showMessage(message) {
    if (shownMessages.has(message.id)) return;
    shownMessages.add(message.id);
    const log = $('chat-log');
    const empty = log.querySelector('.chat-empty');
    if (empty) empty.remove();
    const item = document.createElement('li');
    const who = document.createElement('strong');
    who.textContent = `${message.from === side ? w('chat_you') : w(message.from === 'patient' ? 'chat_patient' : 'chat_clinician')}: `;
    const body = document.createElement('span');
    body.className = 'chat-body';
    body.textContent = message.body;
    const time = document.createElement('time');
    time.dateTime = message.createdAt;
    time.textContent = ` ${new Date(message.createdAt).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' })}`;
    item.append(who, body, time);
    log.append(item);
    log.scrollTop = log.scrollHeight;
  }
  async function loadChat() {
    if (chatLoaded) return;
    chatLoaded = true;
    $('chat-form').hidden = false;
    try {
      const { items } = await request('GET', '/messages');
      if (items.length === 0 && !$('chat-log').firstChild) {
        const empty = document.createElement('li');
        empty.className = 'chat-empty';
        empty.textContent = w('chat_empty');
        $('chat-log').append(empty);
      }
      items.forEach(showMessage);
    } catch {
      chatLoaded = false;
    }
  }
  $('chat-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('chat-input');
    const body = input.value.trim();
    if (!body) return;
    try {
      showMessage(await request('POST', '/messages', { body }));
      input.value = '';
    } catch (error) {
      status(error.message || w('error_generic'));
    }
  });
  document.addEventListener('carewell:telemedicine.chat', (event) => {
    const data = event.detail || {};
    if (data.appointmentId === appointmentId && data.message) showMessage(data.message);
  });

  // ---- Presence: waiting room, admission, end ----
  function show(next) {
    const wasInCall = state && state.patientPresence === 'in_call';
    state = next;
    if (state.ended) return finish();
    const inCall = state.patientPresence === 'in_call';
    $('call-controls').hidden = !inCall && side === 'patient';
    if (side === 'patient') {
      $('waiting-room').hidden = state.patientPresence !== 'waiting';
      if (inCall && !wasInCall) {
        status(w('connecting'));
        void loadChat();
        startReady();
      }
    } else {
      $('call-controls').hidden = false;
      const presence = state.patientPresence;
      $('patient-presence').textContent = w(
        presence === 'waiting' ? 'patient_waiting' : presence === 'in_call' ? 'patient_in_call' : 'patient_absent',
      );
      $('admit-button').hidden = presence !== 'waiting';
      if (inCall) void loadChat();
      if (inCall && !wasInCall) status(w('connecting'));
    }
  }

  function finish() {
    if (ended) return;
    ended = true;
    stopReady();
    clearInterval(pollTimer);
    if (pc) pc.close();
    for (const t of localStream ? localStream.getTracks() : []) t.stop();
    if (screenTrack) screenTrack.stop();
    status(side === 'patient' ? w('call_ended_patient') : w('ended'));
    $('call-controls').hidden = true;
    $('chat-form').hidden = true;
    const admission = $('waiting-room') || $('admission');
    if (admission) admission.hidden = true;
  }

  document.addEventListener('carewell:telemedicine.presence', (event) => {
    const data = event.detail || {};
    if (data.appointmentId !== appointmentId || !state) return;
    show({ ...state, ...data });
  });

  const admit = $('admit-button');
  if (admit) {
    admit.addEventListener('click', async () => {
      admit.disabled = true;
      try {
        show(await request('POST', '/admit'));
      } catch (error) {
        status(error.message || w('error_generic'));
      } finally {
        admit.disabled = false;
      }
    });
  }

  async function poll() {
    try {
      show(await request('GET', ''));
    } catch {
      /* the next poll tries again */
    }
  }

  window.addEventListener('pagehide', () => {
    if (ended) return;
    // keepalive lets the leave reach the server while the page goes away.
    void request('POST', '/leave', {}, { keepalive: true }).catch(() => undefined);
  });

  async function start() {
    localStream = await acquireMedia();
    if (localStream) $('local-video').srcObject = localStream;
    if (!track('video')) $('camera-button').hidden = true;
    if (!track('audio')) $('mute-button').hidden = true;
    if (shareButton && !track('video')) shareButton.hidden = true;
    notice();
    try {
      show(await request('POST', '/join'));
    } catch (error) {
      status(error.message || w('error_generic'));
      return;
    }
    sendMediaState();
    // A clinician who reloads mid-call offers again at once (the patient's page is not saying "ready" any more).
    if (side === 'clinician' && state && state.patientPresence === 'in_call') void offer().catch(() => undefined);
    pollTimer = setInterval(poll, POLL_MS);
  }
  void start();
})();
