/**
 * A tiny key-value store: IndexedDB in the browser (one object store, structured-clone values), a Map
 * in tests and when IndexedDB is unavailable (private windows of some browsers block it).
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore {
  const map = new Map(Object.entries(initial));
  return {
    get: async (key) => structuredClone(map.get(key)),
    set: async (key, value) => void map.set(key, structuredClone(value)),
    delete: async (key) => void map.delete(key),
  };
}

const DB_NAME = 'incremental-lab';
const STORE = 'kv';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens (once) the app's IndexedDB database; rejects where IndexedDB is missing or blocked. */
export function indexedDbStore(factory: IDBFactory = indexedDB): KeyValueStore {
  let opened: Promise<IDBDatabase> | null = null;
  const open = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
    return opened;
  };
  const withStore = async <T>(
    mode: IDBTransactionMode,
    act: (s: IDBObjectStore) => IDBRequest<T>,
  ) => {
    const db = await open();
    const tx = db.transaction(STORE, mode);
    const result = await promised(act(tx.objectStore(STORE)));
    if (mode === 'readwrite')
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
      });
    return result;
  };
  return {
    get: (key) => withStore('readonly', (s) => s.get(key)),
    set: async (key, value) => void (await withStore('readwrite', (s) => s.put(value, key))),
    delete: async (key) => void (await withStore('readwrite', (s) => s.delete(key))),
  };
}

/** IndexedDB where the browser allows it, else memory (work then lasts until the tab closes). */
export function openBrowserStore(): KeyValueStore {
  try {
    return indexedDbStore();
  } catch {
    return memoryStore();
  }
}
