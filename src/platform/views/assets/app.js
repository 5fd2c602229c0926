// Small progressive enhancements; every page works without them.
document.addEventListener('change', (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute('data-autosubmit')) target.form?.requestSubmit();
});
// Destructive actions ask first.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  // A double click must not submit twice: the server also de-duplicates by the form's one-time key.
  if (form instanceof HTMLFormElement) {
    if (form.dataset.submitted === 'true') event.preventDefault();
    else form.dataset.submitted = 'true';
  }
});
