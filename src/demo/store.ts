// The demo target's state for the `custom` template (login tokens, items per owner). One store
// per target: in-process it is a MemoryStore; with --replicas the primary holds the MemoryStore
// and every serving process reaches it over IPC, so a token or an item created through one
// process is seen by all of them (as a real service's shared database would be).

import { randomUUID } from 'node:crypto';

export interface Item {
  id: number;
  name: string;
  quantity: number;
  owner: string;
}

export interface DemoStore {
  login(username: string): Promise<string>;
  logout(token: string): Promise<void>;
  /** the user a token belongs to, or undefined */
  userOf(token: string): Promise<string | undefined>;
  listItems(owner: string, max: number): Promise<Item[]>;
  createItem(owner: string, name: string, quantity: number): Promise<Item>;
  getItem(owner: string, id: number): Promise<Item | undefined>;
  /** undefined when the item is not the owner's */
  updateItem(owner: string, id: number, change: { name?: string; quantity?: number }): Promise<Item | undefined>;
  deleteItem(owner: string, id: number): Promise<boolean>;
}

/** bounds so a long run cannot grow memory without limit */
const MAX_ITEMS = 10_000;
const MAX_TOKENS = 10_000;

/** Bounded insertion-ordered map: evicts the oldest entry when full. */
function boundedSet<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (!map.has(key) && map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

export class MemoryStore implements DemoStore {
  private readonly tokens = new Map<string, string>();
  private readonly items = new Map<number, Item>();
  private nextId = 1;

  async login(username: string): Promise<string> {
    const token = randomUUID();
    boundedSet(this.tokens, token, username, MAX_TOKENS);
    return token;
  }
  async logout(token: string): Promise<void> {
    this.tokens.delete(token);
  }
  async userOf(token: string): Promise<string | undefined> {
    return this.tokens.get(token);
  }
  async listItems(owner: string, max: number): Promise<Item[]> {
    return [...this.items.values()].filter((it) => it.owner === owner).slice(-max);
  }
  async createItem(owner: string, name: string, quantity: number): Promise<Item> {
    const item: Item = { id: this.nextId++, name, quantity, owner };
    boundedSet(this.items, item.id, item, MAX_ITEMS);
    return item;
  }
  async getItem(owner: string, id: number): Promise<Item | undefined> {
    const item = this.items.get(id);
    return item?.owner === owner ? item : undefined;
  }
  async updateItem(owner: string, id: number, change: { name?: string; quantity?: number }): Promise<Item | undefined> {
    const item = await this.getItem(owner, id);
    if (!item) return undefined;
    const updated: Item = { ...item, ...(change.name ? { name: change.name } : {}), ...(change.quantity !== undefined ? { quantity: change.quantity } : {}) };
    this.items.set(id, updated);
    return updated;
  }
  async deleteItem(owner: string, id: number): Promise<boolean> {
    if (!(await this.getItem(owner, id))) return false;
    return this.items.delete(id);
  }
}

export type StoreOp = { [K in keyof DemoStore]: { op: K; args: Parameters<DemoStore[K]> } }[keyof DemoStore];

/** Runs one forwarded operation against a store (the primary's side of the IPC store). */
export function runStoreOp(store: DemoStore, call: StoreOp): Promise<unknown> {
  const fn = store[call.op] as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(store, call.args);
}

/** A store whose every operation is sent to `send` (a serving process's side). */
export function forwardingStore(send: (call: StoreOp) => Promise<unknown>): DemoStore {
  const fwd =
    <K extends keyof DemoStore>(op: K) =>
    (...args: Parameters<DemoStore[K]>) =>
      send({ op, args } as StoreOp);
  return {
    login: fwd('login') as DemoStore['login'],
    logout: fwd('logout') as DemoStore['logout'],
    userOf: fwd('userOf') as DemoStore['userOf'],
    listItems: fwd('listItems') as DemoStore['listItems'],
    createItem: fwd('createItem') as DemoStore['createItem'],
    getItem: fwd('getItem') as DemoStore['getItem'],
    updateItem: fwd('updateItem') as DemoStore['updateItem'],
    deleteItem: fwd('deleteItem') as DemoStore['deleteItem'],
  };
}
