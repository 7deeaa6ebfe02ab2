// A typed event bus.
type Handler<T> = (payload: T) => void;

interface Events {
  saved: { id: number; title: string };
  closed: undefined;
}

enum Level { Info = 1, Warn, Error }

@sealed
export class EventBus<E extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof E, Handler<any>[]>();

  on<K extends keyof E>(event: K, handler: Handler<E[K]>): () => void {
    const list = this.handlers.get(event) ?? [];
    list.push(handler);
    this.handlers.set(event, list);
    return () => this.off(event, handler);
  }

  off<K extends keyof E>(event: K, handler: Handler<E[K]>): void {
    const list = this.handlers.get(event)?.filter((h) => h !== handler);
    if (list) this.handlers.set(event, list);
  }
}

const bus = new EventBus<Events>();
bus.on("saved", ({ id, title }) => console.log(`#${id} «${title}»`));
const level: Level = Level.Warn as Level;
export default bus satisfies EventBus<Events>;
