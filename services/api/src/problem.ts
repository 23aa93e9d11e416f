import { HubError } from '@homefirst/runtime';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { UnauthenticatedError } from './auth/verify';

/** 403: authenticated, but this role or organisation may not see this. */
export class ForbiddenError extends HubError {
  constructor(message: string) {
    super(message, { code: 'FORBIDDEN', retriable: false });
  }
}

export class NotFoundError extends HubError {
  constructor(message: string) {
    super(message, { code: 'NOT_FOUND', retriable: false });
  }
}

/** RFC 9457 problem details; the one place the API turns errors into HTTP. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
}

function problemOf(err: unknown): Problem {
  const p = (status: number, title: string, code: string, detail: string): Problem => ({
    type: `https://homefirst.nhs.uk/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail,
    code,
  });
  if (err instanceof UnauthenticatedError) return p(401, 'Unauthenticated', err.code, err.message);
  if (err instanceof ForbiddenError) return p(403, 'Forbidden', err.code, err.message);
  if (err instanceof NotFoundError) return p(404, 'Not found', err.code, err.message);
  const fe = err as Partial<FastifyError>;
  if (fe.validation !== undefined)
    return p(400, 'Invalid request', 'INVALID_REQUEST', fe.message ?? 'invalid request');
  if (fe.statusCode === 429) return p(429, 'Too many requests', 'RATE_LIMITED', fe.message ?? 'slow down');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return p(fe.statusCode, 'Bad request', fe.code ?? 'BAD_REQUEST', fe.message ?? 'bad request');
  if (err instanceof HubError && err.retriable)
    return p(503, 'Service unavailable', err.code, 'a dependency is unavailable; retry shortly');
  return p(500, 'Internal error', 'INTERNAL', 'unexpected error; it has been logged');
}

export function sendProblem(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemOf(err);
  if (problem.status >= 500) request.log.error({ err }, 'request failed');
  if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="homefirst"');
  if (problem.status === 503) void reply.header('Retry-After', '5');
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
