const { loadConfig } = require('@homefirst/runtime');
const { connectedRedis } = require('@homefirst/testing');
const { readModels } = require('@homefirst/schemas');
(async () => {
  const redis = await connectedRedis(loadConfig());
  const keys = new readModels.ReadModelKeys('rm:mb4:');
  const m = redis.multi();
  for (let j = 0; j < 20000; j++) { m.zadd(keys.queue, j, 'p' + j); m.hset(keys.queueEntry, 'p' + j, 'x'.repeat(600)); }
  await m.exec();
  for (let s = 0; s < 12; s++) {
    let n = 0; const until = Date.now() + 1000;
    await Promise.all(Array.from({ length: 20 }, async () => { while (Date.now() < until) { const mm = await redis.zrange(keys.queue, 0, 49); await redis.hmget(keys.queueEntry, ...mm); n++; } }));
    console.log('sec', s, n);
  }
  await redis.del(keys.queue, keys.queueEntry); redis.disconnect();
})();
