// Passkey ceremonies for the sign-in, enrolment and account pages. Loaded with webauthn.js
// (the @simplewebauthn/browser UMD bundle); no inline script anywhere (strict CSP).
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;

  function csrfToken(el) {
    var form = el.closest('form') || document.querySelector('form');
    var input = form && form.querySelector('input[name="_csrf"]');
    return input ? input.value : '';
  }

  function showError(el, message) {
    var box = document.getElementById(el.getAttribute('data-error-target') || 'passkey-error');
    if (box) {
      box.hidden = false;
      box.textContent = message || el.getAttribute('data-error-message') || 'Error';
    }
  }

  async function postJson(url, body, token) {
    var headers = { accept: 'application/json', 'x-csrf-token': token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    var res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    var data =
      res.status === 204
        ? {}
        : await res.json().catch(function () {
            return {};
          });
    if (!res.ok) {
      var error = new Error(data.detail || 'Request failed');
      error.problem = data;
      throw error;
    }
    return data;
  }

  async function signIn(button) {
    var token = csrfToken(button);
    var options = await postJson('/api/v1/auth/passkeys/login/options', undefined, token);
    var response = await lib.startAuthentication({ optionsJSON: options });
    var next = button.getAttribute('data-next') || '';
    var result = await postJson('/login/passkey', { response: response, next: next }, token);
    window.location.assign(result.redirect || '/');
  }

  async function register(button) {
    var token = csrfToken(button);
    var passwordInput = document.getElementById(button.getAttribute('data-password-field') || 'f-passkey-password');
    var nameInput = document.getElementById('f-passkey-name');
    var body = passwordInput && passwordInput.value ? { password: passwordInput.value } : undefined;
    var options = await postJson('/api/v1/auth/passkeys/register/options', body, token);
    var response = await lib.startRegistration({ optionsJSON: options });
    var payload = { response: response };
    if (nameInput && nameInput.value.trim()) payload.name = nameInput.value.trim();
    await postJson('/api/v1/auth/passkeys/register/verify', payload, token);
    window.location.assign(button.getAttribute('data-next') || '/account');
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-passkey]') : null;
    if (!target) return;
    event.preventDefault();
    if (!lib || !lib.browserSupportsWebAuthn()) {
      showError(target, target.getAttribute('data-unsupported-message'));
      return;
    }
    var action = target.getAttribute('data-passkey') === 'register' ? register : signIn;
    target.setAttribute('aria-busy', 'true');
    action(target)
      .catch(function (error) {
        var problem = error && error.problem;
        var fieldError = problem && problem.errors && problem.errors[0] && problem.errors[0].message;
        showError(target, fieldError || (problem && problem.detail) || undefined);
      })
      .finally(function () {
        target.removeAttribute('aria-busy');
      });
  });

  // Buttons that need JavaScript stay hidden without it.
  document.querySelectorAll('[data-passkey]').forEach(function (el) {
    el.hidden = false;
  });
})();
