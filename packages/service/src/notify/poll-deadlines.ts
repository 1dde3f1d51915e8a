/**
 * When waiting long polls give up (ref/service.md §3.6: a poll waits up to `renderedWaitTimeout`).
 * A deadline is rounded down to a slot of a twentieth of its wait, at most a second, and one timer
 * serves the earliest slot. 10,000 agents end about 80 polls a second: on the grid they end together
 * once a second, and their next polls arrive together, instead of each waking the process on its own
 * (a wake-up costs far more than the little work of a poll), and a waiting poll holds no timer.
 * A poll therefore ends up to one slot before its full wait, never after it.
 */

export interface Expiring {
  /** Called once when the deadline passes, unless the item was removed first. */
  expire(): void;
}

export const MAX_SLOT_MS = 1000;

/** The slot a wait of `waitMs` started at `now` ends in (a monotonic time in ms). */
export function slotOf(now: number, waitMs: number): number {
  const slotMs = Math.max(1, Math.min(MAX_SLOT_MS, Math.floor(waitMs / 20)));
  return Math.max(Math.ceil(now), Math.floor((now + waitMs) / slotMs) * slotMs);
}

export class PollDeadlines<T extends Expiring> {
  private readonly slots = new Map<number, Set<T>>();
  private timer: NodeJS.Timeout | undefined;
  private timerSlot = Infinity;

  /** Expires `item` after `waitMs` (or up to one slot sooner); returns its slot, for `remove`. */
  add(item: T, waitMs: number): number {
    const slot = slotOf(performance.now(), waitMs);
    let items = this.slots.get(slot);
    if (!items) this.slots.set(slot, (items = new Set()));
    items.add(item);
    if (slot < this.timerSlot) this.schedule(slot);
    return slot;
  }

  remove(item: T, slot: number): void {
    const items = this.slots.get(slot);
    if (!items?.delete(item) || items.size > 0) return;
    this.slots.delete(slot);
    // The timer stays set for an emptied slot: it finds nothing due and moves on to the next one.
  }

  get size(): number {
    let n = 0;
    for (const items of this.slots.values()) n += items.size;
    return n;
  }

  private schedule(slot: number): void {
    clearTimeout(this.timer);
    this.timerSlot = slot;
    this.timer = setTimeout(() => this.expireDue(), Math.max(0, slot - performance.now()));
  }

  private expireDue(): void {
    this.timer = undefined;
    this.timerSlot = Infinity;
    const now = performance.now();
    const due: Set<T>[] = [];
    let next = Infinity;
    // A few hundred slots at most (a wait's length over its slot size), so a scan is cheap.
    for (const [slot, items] of this.slots) {
      if (slot <= now) {
        due.push(items);
        this.slots.delete(slot);
      } else if (slot < next) next = slot;
    }
    if (next !== Infinity) this.schedule(next);
    for (const items of due) for (const item of items) item.expire();
  }
}
