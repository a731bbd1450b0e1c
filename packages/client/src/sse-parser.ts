/** One Server-Sent Event as the WHATWG event-stream format defines it. */
export interface SseMessage {
  /** The `event:` field; `message` when the server sent none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen on the stream so far (empty when none). */
  id: string;
}

/**
 * Turns text/event-stream text, fed in chunks as it arrives, into messages. Lines may end in LF, CR or
 * CRLF (a CRLF may be split between chunks); comments (`: ping`) and unknown fields are skipped; an event
 * without data is not dispatched; an unfinished event at the end of the stream is dropped.
 */
export class SseParser {
  #pending = '';
  #started = false;
  #skipLeadingLf = false;
  #event = '';
  #data: string[] = [];
  #id = '';
  readonly #lineEnd = /[\r\n]/g;

  /** Feeds decoded text; returns the messages it completed, in order. */
  push(text: string): SseMessage[] {
    if (text === '') return [];
    if (!this.#started) {
      this.#started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    if (this.#skipLeadingLf) {
      this.#skipLeadingLf = false;
      if (text.startsWith('\n')) text = text.slice(1);
    }
    const messages: SseMessage[] = [];
    // What is pending holds no line end: the search starts at the new text.
    this.#lineEnd.lastIndex = this.#pending.length;
    const buffer = this.#pending + text;
    let lineStart = 0;
    for (let match = this.#lineEnd.exec(buffer); match; match = this.#lineEnd.exec(buffer)) {
      const end = match.index;
      let next = end + 1;
      if (buffer[end] === '\r') {
        if (next === buffer.length) this.#skipLeadingLf = true;
        else if (buffer[next] === '\n') next++;
      }
      this.#line(buffer.slice(lineStart, end), messages);
      lineStart = next;
      this.#lineEnd.lastIndex = next;
    }
    this.#pending = buffer.slice(lineStart);
    return messages;
  }

  #line(line: string, messages: SseMessage[]): void {
    if (line === '') {
      if (this.#data.length > 0) {
        messages.push({ event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id });
      }
      this.#event = '';
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
  }
}
