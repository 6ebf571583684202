import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  exited: Promise<number | string>;
  waitForOutput(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

/** Starts a process and keeps its combined output, for assertions and for failure messages. */
export function run(cmd: string, args: string[], opts: SpawnOptions = {}): Running {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    output: () => out,
    exited,
    async waitForOutput(pattern, ms = 30_000) {
      const end = Date.now() + ms;
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`${cmd} exited (${child.exitCode}) before printing ${pattern}:\n${out}`);
        if (Date.now() > end) throw new Error(`timed out waiting for ${pattern} from ${cmd}:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}
