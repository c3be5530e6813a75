import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-languageserver/node';

/**
 * The largest message body accepted: twice the largest document the server reads (a 20 MB file,
 * JSON-escaped), with room to spare. A larger Content-Length is a broken or hostile client: reading
 * on would hold its bytes in memory until the stream ends.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;
/** The most bytes a message's header part may take before its blank line. */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

/** JSON-RPC and LSP error codes the transport answers with. */
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const SERVER_NOT_INITIALIZED = -32002;

export interface TransportHandlers {
  /** Sends a message the transport answers itself (an error response). */
  readonly reply: (message: Message) => void;
  /**
   * The stream cannot be read on (a header that is not `Content-Length: N`, a body over the limit):
   * the framing is lost, so no later message can be found. The caller ends the process with `reason`.
   */
  readonly fail: (reason: string) => void;
}

/**
 * The base protocol's reader (LSP "Base Protocol": `Content-Length: N\r\n\r\n` then N bytes of UTF-8
 * JSON), strict where vscode-jsonrpc's reader waits silently forever: a header without a valid
 * Content-Length (not decimal digits, or over MAX_MESSAGE_BYTES) or a header part that never ends is
 * fatal (`fail`); a body that is not JSON is answered with a ParseError and reading goes on with the
 * next message, as JSON-RPC 2.0 asks. Before `initialize`, as LSP 3.17 asks, requests are answered
 * with ServerNotInitialized and notifications dropped, except `exit`.
 */
export class StrictMessageReader extends AbstractMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private bodyLength: number | undefined;
  private initialized = false;
  private failed = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly handlers: TransportHandlers,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string) => {
      this.buffer = Buffer.concat([this.buffer, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk]);
      this.drain(callback);
    };
    const onEnd = () => this.fireClose();
    const onError = (error: Error) => this.fireError(error);
    this.input.on('data', onData);
    this.input.on('end', onEnd);
    this.input.on('close', onEnd);
    this.input.on('error', onError);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('end', onEnd);
        this.input.off('close', onEnd);
        this.input.off('error', onError);
      },
    };
  }

  /** Hands on every whole message in the buffer. */
  private drain(callback: DataCallback): void {
    while (!this.failed) {
      if (this.bodyLength === undefined) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (this.buffer.length > MAX_HEADER_BYTES) this.fatal(`a message header is longer than ${MAX_HEADER_BYTES} bytes without its blank line`);
          return;
        }
        const length = contentLength(this.buffer.subarray(0, end).toString('latin1'));
        if (typeof length === 'string') return this.fatal(length);
        this.bodyLength = length;
        this.buffer = this.buffer.subarray(end + HEADER_END.length);
      }
      if (this.buffer.length < this.bodyLength) return;
      const body = this.buffer.subarray(0, this.bodyLength);
      this.buffer = this.buffer.subarray(this.bodyLength);
      this.bodyLength = undefined;
      this.deliver(body, callback);
    }
  }

  private deliver(body: Buffer, callback: DataCallback): void {
    let message: unknown;
    try {
      message = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch (error) {
      this.handlers.reply(errorResponse(null, PARSE_ERROR, `the message body is not UTF-8 JSON: ${(error as Error).message}`));
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message) || (message as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
      const id = idOf(message);
      this.handlers.reply(errorResponse(id, INVALID_REQUEST, 'a message must be one JSON-RPC 2.0 object (no batches)'));
      return;
    }
    const { method } = message as { method?: unknown };
    const isRequest = typeof method === 'string' && idOf(message) !== null;
    if (!this.initialized && typeof method === 'string') {
      if (method === 'initialize' && isRequest) {
        this.initialized = true;
      } else if (isRequest) {
        this.handlers.reply(errorResponse(idOf(message), SERVER_NOT_INITIALIZED, `the server is not initialized: send "initialize" before "${method}"`));
        return;
      } else if (method !== 'exit') {
        return;
      }
    }
    callback(message as Message);
  }

  private fatal(reason: string): void {
    this.failed = true;
    this.handlers.fail(reason);
  }
}

/** The Content-Length of a header part, or why it has none the transport can use. */
function contentLength(header: string): number | string {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a message header line is not "Name: value": ${JSON.stringify(line.slice(0, 80))}`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,12}$/.test(value)) return `Content-Length ${JSON.stringify(value.slice(0, 40))} is not a number of bytes`;
    length = Number(value);
  }
  if (length === undefined) return 'a message header has no Content-Length';
  if (length > MAX_MESSAGE_BYTES) return `Content-Length ${length} is over the ${MAX_MESSAGE_BYTES}-byte limit of a message`;
  return length;
}

function idOf(message: unknown): string | number | null {
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

function errorResponse(id: string | number | null, code: number, message: string): Message {
  return { jsonrpc: '2.0', id, error: { code, message } } as Message;
}
