import { PROBLEM_MEDIA_TYPE, problemHeaders, problemOf, type Problem } from '@homefirst/runtime';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one place the API turns errors into HTTP: runtime's problem+json dialect (RFC 9457), shared with the
 * council edge. Routes throw runtime's UnauthenticatedError / ForbiddenError / NotFoundError.
 */

/** The response schema of a problem (route schemas serialise only what they declare). */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  code: Type.String(),
  retriable: Type.Boolean(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

export const replyWithProblem = (reply: FastifyReply, body: Problem): FastifyReply =>
  reply.headers(problemHeaders(body, 'homefirst')).status(body.status).type(PROBLEM_MEDIA_TYPE).send(body);

/** Fastify's error handler: anything a route or hook threw. */
export function sendProblem(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = problemOf(err);
  if (body.status >= 500) request.log.error({ err }, 'request failed');
  return replyWithProblem(reply, body);
}
