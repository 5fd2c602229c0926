// The device check before a video visit (docs/telemedicine.md): camera preview, microphone level and
// a test sound on the chosen speaker, all inside the browser (getUserMedia, enumerateDevices, Web
// Audio). Nothing is recorded or sent.
(() => {
  'use strict';
  const root = document.getElementById('device-check');
  if (!root) return;
  let words = {};
  try {
    words = JSON.parse(root.dataset.words || '{}');
  } catch {
    words = {};
  }
  const w = (key) => words[key] || key;
  const $ = (id) => document.getElementById(id);
  let stream = null;
  let audio = null;
  let meterFrame = 0;

  function problem(text) {
    $('check-problem').textContent = text;
    $('check-problem').hidden = !text;
  }

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    problem(w('check_unsupported'));
    $('check-start').disabled = true;
    return;
  }

  async function fillSelects() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const fill = (select, kind) => {
      const current = select.value;
      select.replaceChildren(
        ...devices
          .filter((d) => d.kind === kind)
          .map((d, i) => {
            const option = document.createElement('option');
            option.value = d.deviceId;
            option.textContent = d.label || `${kind} ${i + 1}`;
            return option;
          }),
      );
      if (current) select.value = current;
    };
    fill($('camera-select'), 'videoinput');
    fill($('microphone-select'), 'audioinput');
    fill($('speaker-select'), 'audiooutput');
  }

  function meter(source) {
    cancelAnimationFrame(meterFrame);
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const s of samples) peak = Math.max(peak, Math.abs(s - 128) / 128);
      $('mic-level').value = peak;
      meterFrame = requestAnimationFrame(tick);
    };
    tick();
  }

  async function start() {
    problem('');
    if (stream) for (const t of stream.getTracks()) t.stop();
    const camera = $('camera-select').value;
    const microphone = $('microphone-select').value;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: camera ? { deviceId: { exact: camera } } : true,
        audio: microphone ? { deviceId: { exact: microphone } } : true,
      });
    } catch (error) {
      const denied = error && (error.name === 'NotAllowedError' || error.name === 'SecurityError');
      problem(w(denied ? 'check_denied' : 'check_no_device'));
      $('camera-result').textContent = w('check_failed');
      $('microphone-result').textContent = w('check_failed');
      return;
    }
    $('check-video').srcObject = stream;
    $('camera-result').textContent = w(stream.getVideoTracks().length ? 'check_ok' : 'check_failed');
    $('microphone-result').textContent = w(stream.getAudioTracks().length ? 'check_ok' : 'check_failed');
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (stream.getAudioTracks().length) meter(audio.createMediaStreamSource(stream));
    await fillSelects();
  }

  async function testSound() {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const speaker = $('speaker-select').value;
    if (speaker && typeof audio.setSinkId === 'function') await audio.setSinkId(speaker).catch(() => undefined);
    const now = audio.currentTime;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 660;
    gain.gain.setValueAtTime(0.2, now);
    gain.gain.exponentialRampToValueAtTime(0.001, now + 0.8);
    osc.connect(gain).connect(audio.destination);
    osc.start(now);
    osc.stop(now + 0.8);
  }

  $('check-start').addEventListener('click', () => void start());
  $('camera-select').addEventListener('change', () => void start());
  $('microphone-select').addEventListener('change', () => void start());
  $('speaker-test').addEventListener('click', () => void testSound());
  void fillSelects().catch(() => undefined);
})();
