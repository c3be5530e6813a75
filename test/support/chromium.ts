import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Debian's package puts it here; `scripts/ensure-test-deps.mjs --clients` installs it. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * A page of a real headless Chromium, driven through the DevTools protocol over
 * `--remote-debugging-pipe` (JSON messages ended by a NUL byte, commands on fd 3, answers on fd 4):
 * no dependency, and clicks and typing are the browser's own input events.
 */
export class ChromiumPage {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  /** Uncaught exceptions of the page's scripts (`Runtime.exceptionThrown`), as text. */
  readonly exceptions: string[] = [];
  private sessionId: string | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    let buffer = '';
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(buffer.slice(0, end)) as { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string } };
        buffer = buffer.slice(end + 1);
        if (message.method === 'Runtime.exceptionThrown') this.exceptions.push(JSON.stringify(message.params));
        const waiter = message.id !== undefined ? this.waiting.get(message.id) : undefined;
        if (!waiter) continue;
        this.waiting.delete(message.id!);
        if (message.error) waiter.reject(new Error(message.error.message));
        else waiter.resolve(message.result ?? {});
      }
    });
    child.on('exit', () => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error('chromium exited'));
      this.waiting.clear();
    });
  }

  /** Starts Chromium (no network of its own: no sync, no updates, no background requests) and opens `url` once loaded. */
  static async open(url: string): Promise<ChromiumPage> {
    const profile = mkdtempSync(join(tmpdir(), 'kube-netlint-chromium-'));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'];
    const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const page = new ChromiumPage(child, profile);
    const { targetId } = (await page.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await page.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    page.sessionId = sessionId;
    await page.send('Runtime.enable');
    await page.send('Page.navigate', { url });
    for (let tries = 0; (await page.evaluate('document.readyState')) !== 'complete'; tries++) {
      if (tries > 200) throw new Error(`${url} did not load`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return page;
  }

  /** One DevTools command (to the page once attached), answered within 30 seconds. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const message = { id, method, params, ...(this.sessionId && !method.startsWith('Target.') ? { sessionId: this.sessionId } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer from chromium`)), 30_000);
      this.waiting.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  /** The value of a JavaScript expression in the page (JSON-serialisable). */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const result = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value?: T }; exceptionDetails?: unknown };
    if (result.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(result.exceptionDetails)}`);
    return result.result.value as T;
  }

  /** A real mouse click (pressed, released) in the middle of the element `selector` names, scrolled into view. */
  async click(selector: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number } | null>(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) return null;
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })()`);
    if (!box) throw new Error(`no element ${selector}`);
    for (const type of ['mousePressed', 'mouseReleased']) await this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
  }

  /** Clicks a text field and types `text` as the keyboard would insert it. */
  async type(selector: string, text: string): Promise<void> {
    await this.click(selector);
    await this.send('Input.insertText', { text });
  }

  /** Picks the option of a `<select>` whose label is `label`, as choosing it does (a `change` event). */
  async choose(selector: string, label: string): Promise<void> {
    const found = await this.evaluate<boolean>(`(() => {
      const select = document.querySelector(${JSON.stringify(selector)});
      const option = Array.from(select.options).find((o) => o.textContent === ${JSON.stringify(label)});
      if (!option) return false;
      select.value = option.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    })()`);
    if (!found) throw new Error(`no option "${label}" in ${selector}`);
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => undefined);
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}
