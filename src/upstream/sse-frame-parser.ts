import { StringDecoder } from 'node:string_decoder';
import type { UpstreamFrame } from '../core/upstream-frame.js';

const LF = 10;
const BOM = '\uFEFF';

/**
 * Splits a `text/event-stream` body into frames, following the WHATWG HTML "event stream
 * interpretation" rules: lines end in CRLF, LF or CR; a blank line dispatches the event;
 * `data:` lines are joined with LF; one space after the colon is dropped; lines starting
 * with `:` are comments. Bytes may be split anywhere, including inside a UTF-8 character.
 *
 * `raw` is the exact text of the event, its terminating blank line included, so that the
 * concatenation of every frame's `raw` reproduces the stream (minus a leading BOM and any
 * comments or empty events after the last frame). Comment lines and blocks that dispatch
 * nothing (a heartbeat `: ping\n\n`) belong to the `raw` of the next frame.
 *
 * `id` is the `id:` field of this event only; it is not carried over to later events the
 * way a browser's `lastEventId` is. `retry:` and unknown fields are ignored.
 *
 * A CR at the very end of a chunk is held until the next chunk (or `end()`) shows whether
 * an LF follows, so an event closed by a lone CR may be reported one chunk late.
 */
export class SseFrameParser {
  // StringDecoder rather than TextDecoder: no ICU converter per stream, and it carries a
  // character split across chunks the same way.
  readonly #decoder = new StringDecoder('utf8');
  // The carries are emptied in place, never replaced: an array made after one chunk and
  // kept until the next of a slow stream would outlive a scavenge and become old garbage.
  /** Raw text of the current event that arrived in earlier chunks. */
  readonly #rawCarry: string[] = [];
  /** Pieces of the current, not yet terminated line. */
  readonly #lineCarry: string[] = [];
  #heldCarriageReturn = false;
  #started = false;
  readonly #dataLines: string[] = [];
  #event: string | undefined;
  #id: string | undefined;

  push(chunk: Uint8Array | string): UpstreamFrame[] {
    let text: string;
    if (typeof chunk === 'string') text = this.#decoder.end() + chunk;
    else text = this.#decoder.write(chunk);
    return this.#consume(text, false);
  }

  /** The body ended: flushes a final event that was not closed by a blank line. */
  end(): UpstreamFrame[] {
    const frames = this.#consume(this.#decoder.end(), true);
    // The unterminated last line is already part of the raw carry.
    const line = this.#lineCarry.join('');
    this.#lineCarry.length = 0;
    if (line !== '') this.#processLine(line);
    const frame = this.#dispatch(this.#rawCarry.join(''));
    this.#rawCarry.length = 0;
    if (frame) frames.push(frame);
    return frames;
  }

  #consume(input: string, final: boolean): UpstreamFrame[] {
    let text = input;
    if (!this.#started && text !== '') {
      this.#started = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    if (this.#heldCarriageReturn) {
      text = `\r${text}`;
      this.#heldCarriageReturn = false;
    }
    const frames: UpstreamFrame[] = [];
    const length = text.length;
    let position = 0;
    let eventStart = 0;
    let nextLf = text.indexOf('\n');
    let nextCr = text.indexOf('\r');
    while (position < length) {
      // Both searches are cached and only repeated once passed, keeping a chunk linear.
      if (nextLf !== -1 && nextLf < position) nextLf = text.indexOf('\n', position);
      if (nextCr !== -1 && nextCr < position) nextCr = text.indexOf('\r', position);
      let lineEnd: number;
      let terminatorLength = 1;
      if (nextCr === -1 || (nextLf !== -1 && nextLf < nextCr)) {
        if (nextLf === -1) break;
        lineEnd = nextLf;
      } else {
        lineEnd = nextCr;
        if (lineEnd + 1 === length && !final) {
          this.#heldCarriageReturn = true;
          break;
        }
        if (text.charCodeAt(lineEnd + 1) === LF) terminatorLength = 2;
      }
      let line = text.slice(position, lineEnd);
      if (this.#lineCarry.length > 0) {
        this.#lineCarry.push(line);
        line = this.#lineCarry.join('');
        this.#lineCarry.length = 0;
      }
      position = lineEnd + terminatorLength;
      if (line === '') {
        const raw = this.#takeRaw(text.slice(eventStart, position));
        eventStart = position;
        const frame = this.#dispatch(raw);
        if (frame) frames.push(frame);
      } else {
        this.#processLine(line);
      }
    }
    const tailEnd = this.#heldCarriageReturn ? length - 1 : length;
    if (position < tailEnd) this.#lineCarry.push(text.slice(position, tailEnd));
    if (eventStart < tailEnd) this.#rawCarry.push(text.slice(eventStart, tailEnd));
    return frames;
  }

  #takeRaw(tail: string): string {
    if (this.#rawCarry.length === 0) return tail;
    this.#rawCarry.push(tail);
    const raw = this.#rawCarry.join('');
    this.#rawCarry.length = 0;
    return raw;
  }

  #processLine(line: string): void {
    const colon = line.indexOf(':');
    if (colon === 0) return;
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = '';
    if (colon !== -1) {
      const valueStart = line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      value = line.slice(valueStart);
    }
    if (field === 'data') this.#dataLines.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
  }

  #dispatch(raw: string): UpstreamFrame | undefined {
    const dataLines = this.#dataLines;
    const event = this.#event;
    const id = this.#id;
    this.#event = undefined;
    this.#id = undefined;
    // WHATWG: an event with no data line dispatches nothing.
    if (dataLines.length === 0) {
      if (raw !== '') this.#rawCarry.push(raw);
      return undefined;
    }
    const data = dataLines.length === 1 ? (dataLines[0] ?? '') : dataLines.join('\n');
    dataLines.length = 0;
    const frame: UpstreamFrame = { data, raw };
    if (event !== undefined && event !== '') frame.event = event;
    if (id !== undefined) frame.id = id;
    return frame;
  }
}
