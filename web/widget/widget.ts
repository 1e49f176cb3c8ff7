// The loader a clinic pastes into its site: <script src="…/widget.js" data-clinic="<key>" async></script>.
// It adds one chat button; the chat itself runs in an iframe from Careloop's own origin, so the host
// page's styles cannot reach it (and ours cannot disturb the page). The button and the frame live in a
// shadow root for the same reason. No imports: this file must build to a plain script.
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const clinic = script?.dataset.clinic;
  const marker = '__careloopChat';
  const flags = window as unknown as Record<string, boolean>;
  if (!script || !clinic || flags[marker]) return;
  flags[marker] = true;
  const origin = new URL(script.src, location.href).origin;

  const host = document.createElement('div');
  host.setAttribute('data-careloop-chat', '');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `
<style>
  :host { all: initial; }
  * { box-sizing: border-box; }
  .launcher {
    position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
    display: inline-flex; align-items: center; gap: 8px; min-height: 48px; padding: 0 20px;
    border: 0; border-radius: 24px; background: #1864ab; color: #fff; cursor: pointer;
    font: 600 16px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);
  }
  .launcher:hover { background: #145591; }
  .launcher:focus-visible { outline: 3px solid #ffd43b; outline-offset: 2px; }
  .launcher svg { width: 22px; height: 22px; fill: currentColor; }
  .badge { display: none; width: 10px; height: 10px; border-radius: 50%; background: #ffd43b; }
  .launcher[data-unread] .badge { display: inline-block; }
  .panel {
    position: fixed; right: 16px; bottom: 80px; z-index: 2147483000;
    width: 380px; height: min(620px, calc(100vh - 104px)); border-radius: 12px; overflow: hidden;
    background: #fff; box-shadow: 0 8px 32px rgba(0, 0, 0, 0.3);
  }
  .panel[hidden] { display: none; }
  iframe { display: block; width: 100%; height: 100%; border: 0; }
  @media (max-width: 480px) {
    .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }
    .panel:not([hidden]) ~ .launcher { display: none; }
  }
</style>
<div class="panel" id="careloop-chat-panel" role="dialog" aria-label="Chat with the clinic" hidden></div>
<button type="button" class="launcher" aria-expanded="false" aria-controls="careloop-chat-panel">
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>
  <span class="label">Chat with us</span><span class="badge" aria-hidden="true"></span>
</button>`;

  const panel = root.querySelector('.panel') as HTMLDivElement;
  const launcher = root.querySelector('.launcher') as HTMLButtonElement;
  const label = root.querySelector('.label') as HTMLSpanElement;
  let frame: HTMLIFrameElement | null = null;
  let loaded = false;
  const prefix = `careloop-chat:${clinic}`;

  const tell = (message: { type: string; values?: Record<string, string> }) => {
    if (loaded || message.type === 'careloop:state') frame?.contentWindow?.postMessage(message, origin);
  };

  /** What the chat asked this page to keep (a browser that refuses storage to embedded frames). */
  function kept(): Record<string, string> {
    const values: Record<string, string> = {};
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        const value = key?.startsWith(prefix) ? localStorage.getItem(key) : null;
        if (key && value !== null) values[key] = value;
      }
    } catch {
      // This page's storage is refused too: the chat lasts as long as the page.
    }
    return values;
  }

  function keep(key: unknown, value: unknown) {
    if (typeof key !== 'string' || !key.startsWith(`${prefix}:`) || (value !== null && (typeof value !== 'string' || value.length > 200_000))) return;
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // As above.
    }
  }

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = 'Chat with the clinic';
      frame.src = `${origin}/chat-widget.html?clinic=${encodeURIComponent(clinic!)}`;
      frame.addEventListener('load', () => {
        loaded = true;
        if (!panel.hidden) tell({ type: 'careloop:focus' });
      });
      panel.append(frame);
    }
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.removeAttribute('data-unread');
    label.textContent = 'Close chat';
    frame.focus();
    tell({ type: 'careloop:focus' });
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    label.textContent = 'Chat with us';
    launcher.focus();
  }

  launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape' && !panel.hidden) close();
  });
  window.addEventListener('message', (event) => {
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow) return;
    const data = event.data as { type?: unknown; key?: unknown; value?: unknown } | null;
    const type = data?.type;
    if (type === 'careloop:load') tell({ type: 'careloop:state', values: kept() });
    if (type === 'careloop:store') keep(data?.key, data?.value);
    if (type === 'careloop:close') close();
    if (type === 'careloop:unread' && panel.hidden) {
      launcher.setAttribute('data-unread', '');
      label.textContent = 'Chat with us (new reply)';
    }
  });

  const attach = () => document.body.append(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
})();
