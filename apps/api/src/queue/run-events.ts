import { Injectable } from '@nestjs/common';

type Listener = (runId: string) => void;

/** Fan-out of "run changed" notices to GraphQL subscriptions in this process. */
@Injectable()
export class RunEvents {
  private readonly listeners = new Map<string, Set<Listener>>();

  publish(runId: string): void {
    for (const listener of this.listeners.get(runId) ?? []) listener(runId);
  }

  /** Returns the unsubscribe function. */
  on(runId: string, listener: Listener): () => void {
    let set = this.listeners.get(runId);
    if (!set) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }
}
