import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';

/**
 * The OpenAPI document at /docs/json (and a browsable UI at /docs), generated from the very
 * TypeBox schemas the routes validate with, so the document cannot drift from the code.
 * Register before the routes: the generator collects them as they are added.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Entré API',
        version: '1',
        description: 'Kiosk, displays, counters and integrations of a municipal service center. '
          + 'Errors are RFC 9457 application/problem+json with a stable `code`.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'entre_session' } } },
    },
  });
  // The UI's assets ship inside the package: nothing is fetched from the internet.
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
}
