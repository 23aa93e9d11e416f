import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The board: static files read once at start-up (no build server at run time), and Chart.js from npm. */
export function registerBoardRoutes(app: FastifyInstance): void {
  const boardDir = join(__dirname, '..', '..', 'board');
  const chartJs = join(dirname(require.resolve('chart.js')), 'chart.umd.js');
  const files: Record<string, { body: Buffer; type: string }> = {
    '/board': { body: readFileSync(join(boardDir, 'index.html')), type: 'text/html; charset=utf-8' },
    '/board/board.js': {
      body: readFileSync(join(boardDir, 'board.js')),
      type: 'text/javascript; charset=utf-8',
    },
    '/board/board-view.js': {
      body: readFileSync(join(boardDir, 'board-view.js')),
      type: 'text/javascript; charset=utf-8',
    },
    '/board/board-app.js': {
      body: readFileSync(join(boardDir, 'board-app.js')),
      type: 'text/javascript; charset=utf-8',
    },
    '/board/board.css': { body: readFileSync(join(boardDir, 'board.css')), type: 'text/css; charset=utf-8' },
    '/board/vendor/chart.umd.js': { body: readFileSync(chartJs), type: 'text/javascript; charset=utf-8' },
  };
  for (const [path, file] of Object.entries(files)) {
    app.get(path, { schema: { hide: true } }, (_request, reply) =>
      reply.type(file.type).header('Cache-Control', 'no-cache').send(file.body),
    );
  }
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/board'));
}
