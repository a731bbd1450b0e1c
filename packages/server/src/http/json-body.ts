import { LIMITS } from '@marketbridge/api-types';
import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpError } from '../errors.js';
import { jsonDepthExceeds } from './json-depth.js';

/** True when the request carries body bytes (an empty body counts as none). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** A body nested deeper than `LIMITS.bodyJsonDepth`: refused before it is parsed (400 `too_deep`). */
export class TooDeepError extends Error {
  override name = 'TooDeepError';
  /** How body-parser tells its errors apart; kept by it when it passes this on. */
  readonly type = 'entity.too.deep';
}

/** A body in a charset the depth check cannot read (415, as body-parser answers for one it cannot). */
class UnreadableCharsetError extends Error {
  readonly type = 'charset.unsupported';
}

/** A body that could not be read or parsed, typed as body-parser types its errors (errors.ts maps them). */
class BodyError extends Error {
  constructor(
    message: string,
    readonly type: 'entity.too.large' | 'entity.parse.failed' | 'request.aborted' | 'request.size.invalid',
    readonly limit?: number,
  ) {
    super(message);
  }
}

function textOf(bytes: Buffer, encoding: string | null): string {
  const charset = (encoding ?? 'utf-8').toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') return bytes.toString('utf8');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    throw new UnreadableCharsetError(`unsupported charset "${charset}"`);
  }
}

function tooDeep(text: string, maxDepth: number): TooDeepError | undefined {
  const deep = jsonDepthExceeds(text, maxDepth);
  return deep
    ? new TooDeepError(
        `The request body nests arrays and objects more than ${maxDepth} levels deep (at character ${deep.at}); the limit is ${maxDepth} levels.`,
      )
    : undefined;
}

/**
 * body-parser's `verify` hook: it sees the raw bytes before `JSON.parse` does, and refuses a body
 * nested deeper than `maxDepth`, with a scan that uses no recursion (see json-depth.ts).
 */
export function refuseDeepJson(maxDepth: number) {
  return (_req: Request, _res: Response, bytes: Buffer, encoding: string | null): void => {
    const deep = tooDeep(textOf(bytes, encoding), maxDepth);
    if (deep) throw deep;
  };
}

/**
 * body-parser's reading of a JSON body (any charset it knows, gzip/deflate/br bodies), with the depth
 * check. The fallback of {@link jsonBody} for what its own reader does not handle, and the reference
 * its tests compare that reader with.
 */
export function bodyParserJson(limitBytes: number): express.RequestHandler {
  return express.json({
    limit: limitBytes,
    strict: true,
    type: () => true,
    verify: refuseDeepJson(LIMITS.bodyJsonDepth),
  });
}

/** The Content-Types read here without body-parser: JSON in UTF-8 (the default), as every client sends. */
const PLAIN_JSON = new Set([
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=utf-8',
]);

/** The first character that is not JSON whitespace (space, tab, line feed, carriage return). */
function firstSignificant(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return text[i];
  }
  return undefined;
}

/** Reads the request to its end after an error, then passes the error on (as body-parser does). */
function failAfterReading(req: Request, next: NextFunction, error: Error): void {
  if (req.complete || req.readableEnded || req.destroyed) {
    next(error);
    return;
  }
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    next(error);
  };
  req.once('end', finish);
  req.once('close', finish);
  req.once('error', finish);
  req.resume();
}

/**
 * Reads a plain UTF-8 JSON body as body-parser (strict) would, answering the same errors, without its
 * layers (raw-body, iconv, http-errors, a charset and content-type parse per request): the size limit
 * (by Content-Length before reading, and while reading), the depth check on the text before anything
 * parses it, a leading byte-order mark skipped, an empty body read as `{}`, and a body that is not an
 * object or array refused.
 */
function readPlainJson(req: Request, limit: number, next: NextFunction): void {
  const declared = req.headers['content-length'];
  const length = declared === undefined ? Number.NaN : Number.parseInt(declared, 10);
  if (length > limit) {
    failAfterReading(req, next, new BodyError('request entity too large', 'entity.too.large', limit));
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const settle = (error: Error | undefined, body?: unknown) => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onAborted);
    req.off('aborted', onAborted);
    req.off('close', onClose);
    if (error) {
      req.pause();
      failAfterReading(req, next, error);
      return;
    }
    req.body = body;
    next();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) settle(new BodyError('request entity too large', 'entity.too.large', limit));
    else chunks.push(chunk);
  };
  const onAborted = () => settle(new BodyError('request aborted', 'request.aborted'));
  const onClose = () => {
    if (!req.complete) onAborted();
  };
  const onEnd = () => {
    if (!Number.isNaN(length) && received !== length) {
      settle(new BodyError('request size did not match content length', 'request.size.invalid'));
      return;
    }
    const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
    const deep = tooDeep(text, LIMITS.bodyJsonDepth);
    if (deep) {
      settle(deep);
      return;
    }
    // body-parser decodes with iconv-lite, which drops a UTF-8 byte-order mark.
    const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (json.length === 0) {
      settle(undefined, {});
      return;
    }
    const first = firstSignificant(json);
    if (first !== '{' && first !== '[') {
      settle(new BodyError('not an object or array', 'entity.parse.failed'));
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch (error) {
      settle(new BodyError((error as Error).message, 'entity.parse.failed'));
      return;
    }
    settle(undefined, body);
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onAborted);
  req.on('aborted', onAborted);
  req.on('close', onClose);
}

/**
 * Reads a JSON body: it must be `application/json` (415 otherwise, including text/plain and form
 * bodies), at most `limitBytes` (413), nested at most `LIMITS.bodyJsonDepth` levels (400 `too_deep`,
 * checked on the raw text before anything parses it) and valid JSON (400). No body at all reads as `{}`.
 * Plain UTF-8 JSON without a Content-Encoding, what clients send, is read here; anything else (another
 * charset, gzip) by body-parser, with the same answers (`ownReader: false`: everything, as the tests'
 * reference).
 */
export function jsonBody(limitBytes: number, { ownReader = true }: { ownReader?: boolean } = {}) {
  const parse = bodyParserJson(limitBytes);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) {
      req.body = {};
      next();
      return;
    }
    const type = req.headers['content-type'];
    if (
      ownReader &&
      type !== undefined &&
      req.headers['content-encoding'] === undefined &&
      PLAIN_JSON.has(type.toLowerCase())
    ) {
      readPlainJson(req, limitBytes, next);
      return;
    }
    if (!req.is('application/json')) {
      next(
        new HttpError(
          'unsupported_media_type',
          `Send the body as application/json${type ? ` (got ${String(type).slice(0, 100)})` : ' (no Content-Type was sent)'}.`,
        ),
      );
      return;
    }
    parse(req, res, next);
  };
}
