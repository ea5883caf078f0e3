// The previews' only script (loaded with a nonce; the page's CSP allows nothing else). It never touches document
// content: it keeps the scroll position across live updates and turns clicks into messages for the extension.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const state = vscode.getState() || {};
  if (typeof state.scrollY === 'number') window.scrollTo(0, state.scrollY);

  let saving;
  window.addEventListener('scroll', function () {
    clearTimeout(saving);
    saving = setTimeout(function () {
      vscode.setState(Object.assign({}, vscode.getState(), { scrollY: window.scrollY }));
    }, 100);
  });

  const int = function (v) {
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };

  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const action = target.closest('[data-action]');
    if (action) {
      event.preventDefault();
      vscode.postMessage({ type: action.getAttribute('data-action') });
      return;
    }
    const finding = target.closest('a.goto');
    if (finding) {
      event.preventDefault();
      vscode.postMessage({ type: 'revealPosition', line: int(finding.dataset.line), character: int(finding.dataset.character) });
      return;
    }
    if (target.closest('a[href], summary')) return; // links and folding keep their own behaviour
    const located = target.closest('[data-start]');
    if (located) vscode.postMessage({ type: 'revealOffset', start: int(located.dataset.start), end: int(located.dataset.end) });
  });

  window.addEventListener('message', function (event) {
    const message = event.data;
    if (message && message.type === 'stale') document.body.classList.toggle('stale', message.stale === true);
  });
})();
