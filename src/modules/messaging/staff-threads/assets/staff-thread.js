// The staff thread page's live part (docs/messaging.md): when live.js re-dispatches a
// `staff_message.posted` event for this thread (its data: ids only), fetch the new messages as
// HTML from the app, append them, and mark the thread read while the page is in view. The page
// works without it (reload to see new messages, the "Mark as read" button).
(() => {
  'use strict';
  const list = document.getElementById('staff-thread-messages');
  if (!list) return;
  const threadId = list.dataset.threadId;
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  let busy = false;
  let again = false;

  const lastId = () => {
    const items = list.querySelectorAll('[data-message-id]');
    return items.length ? items[items.length - 1].dataset.messageId : '';
  };

  async function markRead() {
    if (document.visibilityState !== 'visible') return;
    try {
      await fetch(list.dataset.readUrl, {
        method: 'POST',
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'x-csrf-token': csrf(), 'x-carewell-background': '1' },
      });
    } catch {
      /* the next event or visit marks it */
    }
  }

  async function fetchNew() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const after = lastId();
      const url = list.dataset.liveUrl + (after ? `?after=${encodeURIComponent(after)}` : '');
      const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html', 'x-carewell-background': '1' } });
      if (res.ok) {
        const template = document.createElement('template');
        template.innerHTML = await res.text();
        for (const item of template.content.querySelectorAll('[data-message-id]')) {
          if (!document.getElementById(item.id)) list.appendChild(item);
        }
        const empty = document.getElementById('staff-thread-empty');
        if (empty && list.children.length > 0) empty.remove();
        await markRead();
      }
    } catch {
      /* a missed fetch is caught up by the next event */
    } finally {
      busy = false;
      if (again) {
        again = false;
        void fetchNew();
      }
    }
  }

  document.addEventListener('carewell:staff_message.posted', (event) => {
    if (event.detail && event.detail.threadId === threadId) void fetchNew();
  });
  document.addEventListener('visibilitychange', () => void markRead());
  void markRead();
})();
