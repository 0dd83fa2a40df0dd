import { fork, type ChildProcess } from "node:child_process";

// The orchestrator's side of a load-generator process (load-generator.ts for fan-out,
// storm-generator.ts for the restart storm): fork it, send it commands, wait for its events.
// Every generator says `{ type: "loaded" }` once it listens and exits on `{ type: "stop" }`.

type Typed = { type: string };

// `C` is the commands it takes: only `command` reads it.
export type Generator<C extends Typed, E extends Typed> = { child: ChildProcess; events: E[]; waiters: Set<() => void>; commands?: C };

export async function startGeneratorProcess<C extends Typed, E extends Typed>(script: string): Promise<Generator<C, E>> {
  const child = fork(script, [], { execArgv: ["--import", "tsx"], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const generator: Generator<C, E> = { child, events: [], waiters: new Set() };
  child.on("message", (event: E) => {
    generator.events.push(event);
    for (const waiter of generator.waiters) waiter();
  });
  await next(generator, (event) => event.type === "loaded");
  return generator;
}

export function command<C extends Typed, E extends Typed>(generator: Generator<C, E>, message: C): void {
  generator.child.send(message);
}

/** The first event (already received or still to come) that matches; it is taken off the list. */
export function next<C extends Typed, E extends Typed, M extends E>(generator: Generator<C, E>, matches: (event: E) => event is M, timeoutMs?: number): Promise<M>;
export function next<C extends Typed, E extends Typed>(generator: Generator<C, E>, matches: (event: E) => boolean, timeoutMs?: number): Promise<E>;
export function next<C extends Typed, E extends Typed>(generator: Generator<C, E>, matches: (event: E) => boolean, timeoutMs = 10 * 60_000): Promise<E> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const at = generator.events.findIndex(matches);
      if (at < 0) return false;
      const [event] = generator.events.splice(at, 1);
      done();
      resolve(event!);
      return true;
    };
    const onExit = () => {
      done();
      reject(new Error(`a load generator exited (${generator.child.exitCode})`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no matching event from a load generator in ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      generator.waiters.delete(waiter);
      generator.child.off("exit", onExit);
    };
    const waiter = () => void check();
    if (check()) return;
    generator.waiters.add(waiter);
    generator.child.once("exit", onExit);
  });
}

export function stopGenerator<C extends Typed, E extends Typed>(generator: Generator<C, E>): Promise<void> {
  if (generator.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => generator.child.kill("SIGKILL"), 10_000);
    generator.child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    generator.child.send({ type: "stop" });
  });
}
