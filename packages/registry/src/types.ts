export const BROWSER_TYPES = ['chromium', 'firefox', 'webkit'] as const;
export type BrowserType = (typeof BROWSER_TYPES)[number];

export const SESSION_STATUSES = ['active', 'inactive', 'crashed', 'restoring'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Viewport {
  width: number;
  height: number;
}

/** One session as the API sees it (camelCase). On disk the same fields are snake_case. */
export interface SessionRecord {
  sessionId: string;
  sessionName: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastActivity: string;
  currentUrl: string;
  active: boolean;
  pageCount: number;
  metadata: Record<string, unknown>;
  browserType: BrowserType;
  headless: boolean;
  viewport: Viewport;
  status: SessionStatus;
}

/** The whole registry file, decoded. */
export interface RegistrySnapshot {
  sessions: Record<string, SessionRecord>;
  /** Ids of the records with `active: true`, in file order. */
  activeSessions: string[];
  /** `last_updated` of the file; `null` when the file does not exist yet. */
  lastUpdated: string | null;
}

/** What a {@link SessionRegistry.mutate} callback may change. */
export interface RegistryDraft {
  /** Every record, by id. Add, change or delete entries; the key must equal the record's `sessionId`. */
  readonly sessions: Map<string, SessionRecord>;
  /** The time of this update (ISO 8601), also written as `last_updated`. */
  readonly now: string;
  /** `last_updated` as read from the file, `null` when there was no file. */
  readonly lastUpdated: string | null;
}

export interface CreateSessionInput {
  /** Defaults to `crypto.randomUUID()`. Pass the id of an inactive record to reactivate it. */
  sessionId?: string;
  sessionName: string;
  /** Default `''`. */
  currentUrl?: string;
  /** Default `{}`. */
  metadata?: Record<string, unknown>;
  /** Default `'chromium'`. */
  browserType?: BrowserType;
  /** Default `true`. */
  headless?: boolean;
  /** Default 1280×800. */
  viewport?: Viewport;
  /** Default 0. */
  pageCount?: number;
}

export type SessionPatch = Partial<Omit<SessionRecord, 'sessionId' | 'createdAt'>>;

export interface ListFilter {
  active?: boolean;
  name?: string;
}
