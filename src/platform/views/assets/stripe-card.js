// Stripe's Payment Element on Carewell's card page (PAYMENT_PROVIDER=stripe; docs/billing.md).
// Stripe.js is loaded from https://js.stripe.com/v3 before this script; the publishable key, the
// PaymentIntent's client secret and the return URL come from the form's data attributes (no inline
// script). The card number goes from Stripe's frame to Stripe, never to Carewell. With
// redirect: 'if_required' a card that needs no redirect comes back to the bill without Stripe's
// query parameters (which carry the client secret).
(function () {
  'use strict';
  var form = document.getElementById('stripe-card');
  if (!form || typeof window.Stripe !== 'function') return;
  var stripe = window.Stripe(form.dataset.publishableKey);
  var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  var target = document.getElementById('payment-element');
  target.textContent = '';
  elements.create('payment').mount(target);
  var errorBox = document.getElementById('card-error');
  var button = form.querySelector('button');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    button.disabled = true;
    errorBox.hidden = true;
    stripe
      .confirmPayment({ elements: elements, redirect: 'if_required', confirmParams: { return_url: form.dataset.returnUrl } })
      .then(function (result) {
        if (result.error) {
          var text = errorBox.querySelector('.alert div') || errorBox;
          text.textContent = result.error.message || form.dataset.errorText;
          errorBox.hidden = false;
          button.disabled = false;
          return;
        }
        window.location.assign(form.dataset.returnUrl);
      });
  });
})();
