import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FromReaders, ReaderSpec, ReaderTally, ToReaders } from "./protocol";

const READERS_SCRIPT = fileURLToPath(new URL("./readers.ts", import.meta.url));

/** The soak's reader processes (readers.ts), each holding a share of the readers. */
export class ReaderProcesses {
  private readonly children: ChildProcess[];
  /** Errors the readers reported along the way (churn that failed for good, ...). */
  readonly errors: string[] = [];

  constructor(count: number) {
    this.children = Array.from({ length: count }, () => {
      const child = fork(READERS_SCRIPT, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
      child.on("message", (message: FromReaders) => {
        if (message.type === "error") this.errors.push(message.message);
      });
      return child;
    });
  }

  /** Splits the readers round-robin over the processes; resolves when all are subscribed. */
  async connect(url: string, specs: ReaderSpec[]): Promise<{ readers: number; failures: number }> {
    const replies = await Promise.all(
      this.children.map((child, index) => {
        const share = specs.filter((_, i) => i % this.children.length === index);
        return this.request(child, { type: "connect", url, readers: share }, "connected");
      }),
    );
    return {
      readers: replies.reduce((sum, reply) => sum + reply.readers, 0),
      failures: replies.reduce((sum, reply) => sum + reply.failures, 0),
    };
  }

  startChurn(everyMs: number, fraction: number, offlineMs: [number, number]): void {
    for (const child of this.children) child.send({ type: "start-churn", everyMs, fraction, offlineMs } satisfies ToReaders);
  }

  async settle(expected: Record<string, number[]>, timeoutMs: number): Promise<ReaderTally[]> {
    const replies = await Promise.all(this.children.map((child) => this.request(child, { type: "settle", expected, timeoutMs }, "settled")));
    return replies.map((reply) => reply.tally);
  }

  close(): void {
    for (const child of this.children) {
      if (child.connected) child.send({ type: "exit" } satisfies ToReaders);
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    }
  }

  private request<T extends FromReaders["type"]>(child: ChildProcess, message: ToReaders, answer: T): Promise<Extract<FromReaders, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: FromReaders) => {
        if (reply.type !== answer) return;
        cleanup();
        resolve(reply as Extract<FromReaders, { type: T }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`a reader process exited (${code}) while waiting for "${answer}"`));
      };
      const cleanup = () => {
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send(message);
    });
  }
}
