// Runs autocannon in its own process, so the load generator does not share the server's event loop:
// `node autocannon-child.mjs '<options JSON>'`, with the API key (if any) in MUSIQUE_API_KEY. Prints the result.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const headers = process.env.MUSIQUE_API_KEY ? { 'x-api-key': process.env.MUSIQUE_API_KEY } : {};
const result = await autocannon({ ...options, headers });
console.log(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
