import { load } from '/work/main/test/bench/lib.mjs';
import { addressPool, eventBody, pick, USER_AGENTS } from '/work/main/test/bench/traffic.mjs';

const addresses = addressPool(20000);
let n = 0;
const r = await load({
  url: 'http://127.0.0.1:8094',
  duration: 6,
  connections: 50,
  requests: [
    {
      method: 'POST',
      path: '/api/event',
      setupRequest: (req) => {
        const i = n++;
        return {
          ...req,
          headers: {
            'content-type': 'text/plain;charset=UTF-8',
            'user-agent': pick(USER_AGENTS, i * 31),
            'x-forwarded-for': pick(addresses, i * 17),
          },
          body: eventBody('http://localhost:8080', i),
        };
      },
    },
  ],
});
console.log(r.requests.average, r.statusCodeStats);
