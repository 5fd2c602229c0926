/* "Turn on notifications on this device" (the PushOptIn component): registers /sw.js, subscribes
 * with the server's VAPID key and posts the subscription; clicked again, it turns them off. */
(function () {
  'use strict';
  const button = document.querySelector('[data-push-opt-in]');
  if (!button) return;
  const status = document.querySelector('[data-push-status]');
  const say = (key) => {
    if (status) status.textContent = button.getAttribute('data-msg-' + key) || '';
  };
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say('unsupported');
    return;
  }
  const csrf = () => {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') || '' : '';
  };
  const send = (method, body) =>
    fetch('/api/v1/push/subscriptions', {
      method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf() },
      body: JSON.stringify(body),
    }).then((res) => {
      if (!res.ok) throw new Error('HTTP ' + res.status);
    });
  const keyBytes = (base64url) => {
    const padded = (base64url + '==='.slice((base64url.length + 3) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const show = (on) => {
    button.textContent = button.getAttribute(on ? 'data-label-off' : 'data-label-on');
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.hidden = false;
  };

  let registration;
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then((reg) => {
      registration = reg;
      return reg.pushManager.getSubscription();
    })
    .then((existing) => show(Boolean(existing)))
    .catch(() => say('unsupported'));

  button.addEventListener('click', () => {
    if (!registration) return;
    button.disabled = true;
    registration.pushManager
      .getSubscription()
      .then((existing) => {
        if (existing) {
          return send('DELETE', { endpoint: existing.endpoint })
            .then(() => existing.unsubscribe())
            .then(() => {
              show(false);
              say('off');
            });
        }
        return Notification.requestPermission().then((permission) => {
          if (permission !== 'granted') {
            say('denied');
            return;
          }
          return fetch('/api/v1/push/public-key', { credentials: 'same-origin', headers: { accept: 'application/json' } })
            .then((res) => res.json())
            .then((body) => registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(body.publicKey) }))
            .then((subscription) => {
              const json = subscription.toJSON();
              return send('POST', { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } });
            })
            .then(() => {
              show(true);
              say('on');
            });
        });
      })
      .catch(() => say('failed'))
      .finally(() => {
        button.disabled = false;
      });
  });
})();
