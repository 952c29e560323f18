// Child processes of the product (web, worker, simulated store) for tests, benches and the demo.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type Proc = { child: ChildProcess; output: () => string };

export function startProcess(script: string, env: Record<string, string>, name: string): Proc {
  // CHILD_CPU_PROF=<dir> writes a V8 CPU profile of every child process (for bench analysis).
  const prof = process.env.CHILD_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.CHILD_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...prof, path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  if (process.env.STACK_DEBUG) {
    child.stdout!.pipe(process.stderr);
    child.stderr!.pipe(process.stderr);
  }
  child.on("exit", (code, signal) => {
    if (process.env.STACK_DEBUG) console.error(`[${name}] exited code=${code} signal=${signal}`);
  });
  return { child, output: () => out };
}

export async function stopProcess(
  p: Proc,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  return new Promise((resolve) => {
    p.child.once("exit", (code) => resolve(code));
    p.child.kill(signal);
  });
}

// The default wait is generous: on a shared 2-core machine under a load of 12 a recompute and
// its evaluation took over 15 s (three tests timed out, each passing alone). It bounds how long
// a real failure takes to show, not how fast the product must be (benchmarks measure that).
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
