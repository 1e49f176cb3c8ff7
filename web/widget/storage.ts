// Where the chat remembers its session and unsent messages: this frame's localStorage, or, where a
// browser refuses storage to embedded frames, the embedding page's, kept for the chat by the loader
// (widget.ts answers 'careloop:load' and 'careloop:store'). Refused there too: memory, for as long as the page is open.

export function chatStorage(storageKey: string) {
  const memory = new Map<string, string>();
  const ownStorage = (() => {
    try {
      localStorage.getItem(storageKey);
      return true;
    } catch {
      return false;
    }
  })();
  const embedded = parent !== window;

  const storage = {
    get: (key: string) => (ownStorage ? localStorage.getItem(key) : memory.get(key) ?? null),
    set(key: string, value: string | null) {
      if (ownStorage) {
        try {
          if (value === null) localStorage.removeItem(key);
          else localStorage.setItem(key, value);
        } catch {
          // Full or refused: the chat still works for as long as the page is open.
        }
        return;
      }
      if (value === null) memory.delete(key);
      else memory.set(key, value);
      if (embedded) parent.postMessage({ type: 'careloop:store', key, value }, '*');
    },
  };

  /** Asks the loader for what it kept (at most a second: a page opened on its own has no loader). */
  function loadFromHost(): Promise<void> {
    if (ownStorage || !embedded) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        window.removeEventListener('message', onState);
        resolve();
      };
      const onState = (event: MessageEvent) => {
        const data = event.data as { type?: unknown; values?: Record<string, unknown> } | null;
        if (event.source !== parent || data?.type !== 'careloop:state') return;
        for (const [key, value] of Object.entries(data.values ?? {})) if (key.startsWith(storageKey) && typeof value === 'string') memory.set(key, value);
        done();
      };
      const timer = setTimeout(done, 1000);
      window.addEventListener('message', onState);
      parent.postMessage({ type: 'careloop:load' }, '*');
    });
  }

  return { storage, loadFromHost };
}
