// Sign-in, sign-out, who am I, and password change.
import { z } from 'zod';
import { errors } from '../../errors.ts';
import type { Services } from '../app.ts';
import type { Router } from '../app.ts';
import { SESSION_COOKIE } from '../route.ts';
import { meSchema } from '../schemas.ts';
import type { Principal } from '../../domain/access.ts';
import { SYSTEM } from '../../services/context.ts';

export function registerAuthRoutes(
  route: Router,
  services: Services,
  opts: { cookieSecure: boolean; sessionHours: number },
): void {
  const me = async (principal: Principal) => {
    const unit = await services.org.getUnit(SYSTEM, principal.unitId);
    return principal.kind === 'user'
      ? {
          kind: 'user' as const,
          id: principal.id,
          username: principal.username,
          display_name: principal.displayName,
          roles: [...principal.roles],
          leader_kind: principal.leaderKind,
          scopes: [],
          unit,
          scope: principal.scope,
        }
      : {
          kind: 'token' as const,
          id: principal.id,
          username: `token:${principal.name}`,
          display_name: principal.name,
          roles: [],
          leader_kind: null,
          scopes: [...principal.scopes],
          unit,
          scope: principal.scope,
        };
  };

  route(
    {
      method: 'POST',
      url: '/api/v1/auth/login',
      summary: 'Sign in; sets the session cookie',
      tag: 'auth',
      access: 'public',
      body: z.object({
        username: z.string().trim().min(1).max(100),
        password: z.string().min(1).max(200),
      }),
      response: z.object({ user: meSchema, expires_at: z.string() }),
    },
    async ({ body, request, reply }) => {
      const result = await services.auth.login(body.username, body.password, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.cookieSecure,
        maxAge: opts.sessionHours * 3600,
      });
      return { user: await me(result.principal), expires_at: result.expiresAt };
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/auth/logout',
      summary: 'Sign out: ends the session',
      tag: 'auth',
      access: 'signed-in',
      status: 204,
    },
    async ({ request, reply, actor }) => {
      const sessionId = request.auth?.sessionId;
      if (sessionId) await services.auth.logout(sessionId, actor);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/auth/me',
      summary: 'The signed-in user (or token), with roles and unit scope',
      tag: 'auth',
      access: 'signed-in',
      response: meSchema,
    },
    async ({ principal }) => {
      if (!principal) throw errors.unauthenticated();
      return me(principal);
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/auth/password',
      summary: 'Change one’s own password; ends one’s other sessions',
      tag: 'auth',
      access: 'signed-in',
      status: 204,
      body: z.object({
        current_password: z.string().min(1).max(200),
        new_password: z.string().min(1).max(200),
      }),
    },
    async ({ body, actor, request }) => {
      const sessionId = request.auth?.sessionId;
      if (!sessionId) throw errors.forbidden('sign in with a password to change it');
      await services.auth.changePassword(
        actor,
        sessionId,
        body.current_password,
        body.new_password,
      );
    },
  );
}
