import { readSync } from 'node:fs';

const CHUNK = 1024 * 1024;

/**
 * Reads a stream (standard input, a named pipe) to its end, but never more than `limit + 1` bytes:
 * a result longer than `limit` means the input is too large, and the rest is left unread, so that
 * `cat huge | kube-netlint -` neither holds it in memory nor waits for all of it.
 */
export function readUpTo(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total <= limit) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
    let count: number;
    try {
      count = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking descriptor with no data yet: wait a little and try again.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      // Windows reports the end of a pipe as an error.
      if (code === 'EOF') break;
      throw error;
    }
    if (count === 0) break;
    chunks.push(chunk.subarray(0, count));
    total += count;
  }
  return Buffer.concat(chunks, total);
}
