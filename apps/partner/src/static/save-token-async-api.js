// The draft's save-token async API (draft-hill-delegated-recovery §3.3), for an account provider
// that frames this page. It talks only to the frame's parent, and only when the parent's origin
// is an account provider this partner accepts tokens from. Saving always needs the user's
// confirmation here, so nothing is ever saved silently.
const KEY = 'delegated-account-recovery-api-message';
const form = document.getElementById('save-token');
const allowed = form instanceof HTMLFormElement ? (form.dataset.accountProviders || '').split(' ').filter(Boolean) : [];

/** A postMessage to the parent that only an allowed origin receives (a wrong targetOrigin drops it). */
function post(message, origin) {
  window.parent.postMessage(message, origin);
}

function text(value) {
  return typeof value === 'string' ? value : undefined;
}

/** §3.3.1.1 save-token: on to save-token in the top window, where the user signs in and confirms. */
function saveInTopWindow(data) {
  if (!(form instanceof HTMLFormElement)) return false;
  const token = text(data.token);
  if (!token) return false;
  form.replaceChildren();
  for (const [name, value] of [['token', token], ['state', text(data.state)], ['obsoletes', text(data.obsoletes)]]) {
    if (value === undefined) continue;
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  form.submit();
  return true;
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || !allowed.includes(event.origin)) return;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return;
  const type = data[KEY];
  const reply = (message) => post({ ...message, ...(data.id !== undefined ? { 'in-reply-to': data.id } : {}) }, event.origin);
  switch (type) {
    case 'get-binding':
      // §3.3.1.6: the empty binding, the same for everyone (nothing about the user leaks).
      reply({ [KEY]: 'binding', binding: '' });
      break;
    case 'save-token':
      saveInTopWindow(data);
      break;
    case 'save-token-no-navigation':
      // §3.3.1.2: saved without user interaction? Never here.
      reply({ [KEY]: 'save-token-result', result: 'save-token-failure' });
      break;
    case 'save-token-async-only':
      // §3.3.1.3: "done" at once; silent saves are refused locally, as the draft allows.
      reply({ [KEY]: 'save-token-result', result: 'done' });
      break;
    default:
      break;
  }
});

for (const origin of allowed) post({ [KEY]: 'ready' }, origin);
