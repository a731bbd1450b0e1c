import { z } from 'zod';
import { boundedArray, boundedString } from './bounded.js';
import { SessionNameSchema } from './common.js';

/**
 * Cookies and storage in and out of a session, in Playwright's own shapes: a cookie is what
 * `context.cookies()` answers and `context.addCookies()` takes; a storage state is what
 * `context.storageState()` answers and `newContext({ storageState })` takes.
 */

export const SameSiteSchema = z.enum(['Strict', 'Lax', 'None']);

const cookieName = boundedString('cookieNameLength').describe('Cookie name');
const cookieValue = boundedString('cookieValueLength').describe('Cookie value');
const cookieDomain = boundedString('cookieAttributeLength').describe(
  'Domain; a leading dot also matches its subdomains',
);
const cookiePath = boundedString('cookieAttributeLength').describe('Path (default /)');
const cookieExpires = z
  .number()
  .min(-1)
  .describe('Unix time in seconds when it expires; -1 for a session cookie');

export const CookieSchema = z
  .object({
    name: z.string(),
    value: z.string(),
    domain: z.string(),
    path: z.string(),
    expires: z.number().describe('Unix time in seconds; -1 for a session cookie'),
    httpOnly: z.boolean(),
    secure: z.boolean(),
    sameSite: SameSiteSchema,
    partitionKey: z.string().optional(),
  })
  .describe("A cookie of the session, as Playwright's context.cookies() gives it");
export type Cookie = z.infer<typeof CookieSchema>;

export const SetCookieSchema = z
  .strictObject({
    name: cookieName,
    value: cookieValue,
    url: boundedString('urlLength', 1)
      .optional()
      .describe('Sets domain, path and secure from this URL; give either url, or domain and path'),
    domain: cookieDomain.optional(),
    path: cookiePath.optional(),
    expires: cookieExpires.optional(),
    httpOnly: z.boolean().optional(),
    secure: z.boolean().optional(),
    sameSite: SameSiteSchema.optional(),
    partitionKey: boundedString('cookieAttributeLength')
      .optional()
      .describe('CHIPS partition (top-level site)'),
  })
  .describe(
    "A cookie to add, as Playwright's context.addCookies() takes it: with a url, or a domain and a path",
  );
export type SetCookie = z.infer<typeof SetCookieSchema>;

export const CookiesQuerySchema = z
  .strictObject({
    url: boundedString('urlLength', 1).optional().describe('Only the cookies this URL would be sent'),
    name: boundedString('cookieNameLength').optional().describe('Only the cookies of this name'),
  })
  .describe('Filters for listing cookies');
export type CookiesQuery = z.input<typeof CookiesQuerySchema>;

export const CookiesResponseSchema = z.object({ cookies: z.array(CookieSchema) });
export type CookiesResponse = z.infer<typeof CookiesResponseSchema>;

export const AddCookiesRequestSchema = z
  .strictObject({
    cookies: boundedArray(SetCookieSchema, 'cookiesItems').min(1).describe('The cookies to add (or replace)'),
  })
  .describe("Adds cookies to the session's context; a cookie of the same name, domain and path is replaced");
export type AddCookiesRequest = z.infer<typeof AddCookiesRequestSchema>;

export const AddCookiesResponseSchema = z.object({
  added: z.int().min(0),
  cookies: z.int().min(0).describe('Cookies the session has now'),
});
export type AddCookiesResponse = z.infer<typeof AddCookiesResponseSchema>;

export const ClearCookiesQuerySchema = z
  .strictObject({
    name: boundedString('cookieNameLength').optional().describe('Only cookies of this name'),
    domain: boundedString('cookieAttributeLength').optional().describe('Only cookies of this domain'),
    path: boundedString('cookieAttributeLength').optional().describe('Only cookies of this path'),
  })
  .describe('Without filters every cookie is removed');
export type ClearCookiesQuery = z.input<typeof ClearCookiesQuerySchema>;

export const ClearCookiesResponseSchema = z.object({
  removed: z.int().min(0),
  cookies: z.int().min(0).describe('Cookies the session has left'),
});
export type ClearCookiesResponse = z.infer<typeof ClearCookiesResponseSchema>;

/** A cookie of a storage state: Playwright writes every field; only name, value, domain and path are needed. */
export const StorageStateCookieSchema = z.strictObject({
  name: cookieName,
  value: cookieValue,
  domain: cookieDomain,
  path: cookiePath,
  expires: cookieExpires.optional(),
  httpOnly: z.boolean().optional(),
  secure: z.boolean().optional(),
  sameSite: SameSiteSchema.optional(),
  partitionKey: boundedString('cookieAttributeLength').optional(),
});

export const StorageStateOriginSchema = z.strictObject({
  origin: boundedString('urlLength', 1)
    .regex(/^https?:\/\/[^/?#\s]+$/, 'must be an http(s) origin such as https://example.com')
    .describe('scheme://host[:port]'),
  localStorage: boundedArray(
    z.strictObject({
      name: boundedString('storageKeyLength'),
      value: boundedString('storageValueLength'),
    }),
    'localStorageItems',
  ),
});

export const StorageStateSchema = z
  .strictObject({
    cookies: boundedArray(StorageStateCookieSchema, 'cookiesItems'),
    origins: boundedArray(StorageStateOriginSchema, 'storageOrigins'),
  })
  .describe(
    "Playwright's storage state: cookies and each origin's localStorage (what GET /sessions/:id/storage-state answers, and newContext({ storageState }) takes)",
  );
export type StorageState = z.infer<typeof StorageStateSchema>;

/** What GET …/storage-state answers: Playwright's own output, not strict (a newer Playwright may add fields). */
export const StorageStateResponseSchema = z
  .object({
    cookies: z.array(CookieSchema),
    origins: z.array(
      z.object({
        origin: z.string(),
        localStorage: z.array(z.object({ name: z.string(), value: z.string() })),
      }),
    ),
  })
  .describe(
    "Playwright's storage state of the session: usable as newContext({ storageState }) or POST /sessions { storageState }",
  );
export type StorageStateResponse = z.infer<typeof StorageStateResponseSchema>;

export const CloneSessionRequestSchema = z
  .strictObject({
    name: SessionNameSchema.describe('Name of the new session (no session, live or kept, may have it)'),
    withPages: z
      .boolean()
      .optional()
      .describe("Open the original's page URLs in the clone (default false: one blank page)"),
  })
  .describe(
    "A new session with the original's options, cookies and localStorage (sessionStorage and in-page state are not copied); from then on the two are apart",
  );
export type CloneSessionRequest = z.infer<typeof CloneSessionRequestSchema>;
