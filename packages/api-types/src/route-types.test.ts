import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type BinaryRouteName,
  type DeleteSessionResponse,
  type EventStreamRouteName,
  fillPath,
  type HealthResponse,
  type JsonRouteName,
  type NavigateRequest,
  type NavigateResponse,
  type RouteBody,
  type RouteEvents,
  type RouteInput,
  type RouteOutput,
  type RouteParams,
  type RouteQuery,
  routePath,
  routes,
  type Session,
  type SessionChangeEvent,
} from './index.js';

describe('routePath', () => {
  it('fills :id segments, encoded', () => {
    expect(routePath('health')).toBe('/health');
    expect(routePath('getSession', { id: 'alpha' })).toBe('/sessions/alpha');
    expect(routePath('navigate', { id: 'a b/c?d' })).toBe('/sessions/a%20b%2Fc%3Fd/navigate');
  });

  it('throws when a segment has no value', () => {
    expect(() => fillPath('/sessions/:id', {})).toThrow(/:id/);
    expect(() => fillPath('/sessions/:id', undefined)).toThrow(/:id/);
  });

  it('leaves no `:` segment in any route once filled', () => {
    for (const route of Object.values(routes)) {
      expect(fillPath(route.path, { id: 'x', pageId: 'p-1', downloadId: 'd-1' })).not.toMatch(/\/:/);
    }
  });
});

describe('route types', () => {
  it('reads inputs from the schemas (z.input)', () => {
    expectTypeOf<RouteParams<'navigate'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<RouteParams<'health'>>().toEqualTypeOf<undefined>();
    expectTypeOf<RouteBody<'navigate'>>().toEqualTypeOf<NavigateRequest>();
    expectTypeOf<RouteBody<'getSession'>>().toEqualTypeOf<undefined>();
    // The query before the server parses it: booleans travel as words.
    expectTypeOf<NonNullable<RouteQuery<'deleteSession'>>['keepState']>().toEqualTypeOf<
      'true' | 'false' | undefined
    >();
  });

  it('reads outputs from the success schema (z.output), bytes for binary routes', () => {
    expectTypeOf<RouteOutput<'health'>>().toEqualTypeOf<HealthResponse>();
    expectTypeOf<RouteOutput<'getSession'>>().toEqualTypeOf<Session>();
    expectTypeOf<RouteOutput<'navigate'>>().toEqualTypeOf<NavigateResponse>();
    expectTypeOf<RouteOutput<'deleteSession'>>().toEqualTypeOf<DeleteSessionResponse>();
    expectTypeOf<RouteOutput<'screenshot'>>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<RouteEvents<'events'>['session']>().toEqualTypeOf<SessionChangeEvent>();
    expectTypeOf<RouteEvents<'events'>['sessions']>().toEqualTypeOf<{ sessions: Session[] }>();
  });

  it('sorts routes by what they answer', () => {
    expectTypeOf<BinaryRouteName>().toEqualTypeOf<
      'screenshot' | 'getDownload' | 'pdf' | 'frames' | 'events' | 'metrics'
    >();
    expectTypeOf<EventStreamRouteName>().toEqualTypeOf<'frames' | 'events'>();
    expectTypeOf<'screenshot'>().not.toExtend<JsonRouteName>();
  });

  it('asks for params and body where the route has them', () => {
    expectTypeOf<{ params: { id: string }; body: NavigateRequest }>().toExtend<RouteInput<'navigate'>>();
    expectTypeOf<{ body: NavigateRequest }>().not.toExtend<RouteInput<'navigate'>>();
    expectTypeOf<{ params: { id: string } }>().not.toExtend<RouteInput<'navigate'>>();
    expectTypeOf<{ params: { id: string } }>().toExtend<RouteInput<'deleteSession'>>();
    expectTypeOf<{ body: { maxAgeHours: number } }>().not.toExtend<RouteInput<'health'>>();
    // Type-level only (never called): navigate's path has an :id.
    // @ts-expect-error: the params are missing
    const _missingParams = () => routePath('navigate');
  });
});
