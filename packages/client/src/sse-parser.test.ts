import { describe, expect, it } from 'vitest';
import { type SseMessage, SseParser } from './sse-parser.js';

const parse = (...chunks: string[]): SseMessage[] => {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
};

/** What the server writes: an opening comment, a heartbeat, two events (one with a large JSON body). */
const serverStream =
  ': stream open\n\nevent: frame\ndata: {"seq":0,"jpeg":"/9j/4AAQ"}\n\n: ping\n\nevent: end\ndata: {"reason":"session closed"}\n\n';
const serverMessages: SseMessage[] = [
  { event: 'frame', data: '{"seq":0,"jpeg":"/9j/4AAQ"}', id: '' },
  { event: 'end', data: '{"reason":"session closed"}', id: '' },
];

describe('SseParser', () => {
  it('parses named events and skips comments and heartbeats', () => {
    expect(parse(serverStream)).toEqual(serverMessages);
  });

  it('gives the same messages wherever the chunks break (every split point, and one character at a time)', () => {
    for (let i = 0; i <= serverStream.length; i++) {
      expect(parse(serverStream.slice(0, i), serverStream.slice(i)), `split at ${i}`).toEqual(serverMessages);
    }
    expect(parse(...serverStream)).toEqual(serverMessages);
  });

  it('returns a message only once its blank line has arrived', () => {
    const parser = new SseParser();
    expect(parser.push('event: a\ndata: 1\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'a', data: '1', id: '' }]);
  });

  it('joins multi-line data with \\n', () => {
    expect(parse('data: first\ndata: second\ndata:\ndata: fourth\n\n')).toEqual([
      { event: 'message', data: 'first\nsecond\n\nfourth', id: '' },
    ]);
  });

  it('accepts CRLF, CR and LF line ends, mixed, with a CRLF split between chunks', () => {
    const expected = [
      { event: 'a', data: '1', id: '' },
      { event: 'b', data: '2', id: '' },
      { event: 'c', data: '3', id: '' },
    ];
    expect(parse('event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\revent: c\ndata: 3\n\n')).toEqual(expected);
    expect(
      parse('event: a\r', '\ndata: 1\r', '\n\r', '\nevent: b\rdata: 2\r\revent: c\ndata: 3\n\n'),
    ).toEqual(expected);
    // A CR ending a chunk is a line end at once; a chunk starting with LF after it adds no blank line.
    expect(parse('data: x\r', '', '\n', 'data: y\r\n\r\n')).toEqual([
      { event: 'message', data: 'x\ny', id: '' },
    ]);
  });

  it('strips one space after the colon only, and takes a line without a colon as a field name', () => {
    expect(parse('data:no-space\n\ndata:  two spaces\n\ndata\n\n')).toEqual([
      { event: 'message', data: 'no-space', id: '' },
      { event: 'message', data: ' two spaces', id: '' },
      { event: 'message', data: '', id: '' },
    ]);
  });

  it('does not dispatch an event without data, resets the name after each event, keeps the last id', () => {
    expect(parse('event: lonely\n\nid: 7\ndata: a\n\nevent: named\ndata: b\n\ndata: c\n\n')).toEqual([
      { event: 'message', data: 'a', id: '7' },
      { event: 'named', data: 'b', id: '7' },
      { event: 'message', data: 'c', id: '7' },
    ]);
  });

  it('ignores unknown fields, retry and an id holding NUL, and strips a leading BOM', () => {
    expect(parse('\uFEFFdata: a\nretry: 10\nfoo: bar\nid: x\0y\n\n')).toEqual([
      { event: 'message', data: 'a', id: '' },
    ]);
    expect(parse('\uFEFF', 'event: b\ndata: 1\n\n')).toEqual([{ event: 'b', data: '1', id: '' }]);
  });

  it('drops an unfinished event (no blank line yet) and keeps colons inside values', () => {
    expect(parse('data: {"url":"http://x:1/"}\n\ndata: never finished')).toEqual([
      { event: 'message', data: '{"url":"http://x:1/"}', id: '' },
    ]);
  });
});
