// Rate-limit efficiency: 300 calls through one client under a scaled policy (100 per 2 s), against the
// theoretical minimum that policy allows given the cost of a call measured without limits in the same run.
import {
  coreNodeModule,
  isMain,
  printTable,
  round,
  sandboxModule,
  smoke,
  startUnlimitedSandbox,
  verdict,
  writeResult,
} from './lib.mjs';

// Three windows' worth of calls: 300 under 100 per window (a smoke run: 30 under 10).
const perWindow = smoke ? 10 : 100;
const calls = 3 * perWindow;
const scale = 1 / 30; // the minute becomes 2 s
const windowMs = 60_000 * scale;

/** Ends of the fixed windows (aligned on the epoch, as the sandbox aligns them) from `t0` on. */
const nextBoundary = (t) => (Math.floor(t / windowMs) + 1) * windowMs;

/** The fastest schedule the policy allows for `calls` sequential calls costing `callMs` each, from `t0`. */
function sequentialMinimum(t0, callMs) {
  let t = t0;
  let windowEnd = nextBoundary(t0);
  let used = 0;
  for (let i = 0; i < calls; i++) {
    if (t >= windowEnd) [windowEnd, used] = [nextBoundary(t), 0];
    if (used === perWindow) [t, windowEnd, used] = [windowEnd, windowEnd + windowMs, 0];
    used++;
    t += callMs;
  }
  return t - t0;
}

/** All calls at once: each window takes a burst of `perWindow`; the last burst ends `burstMs` after it opens. */
function concurrentMinimum(t0, burstMs) {
  const windowsAfterFirst = Math.ceil(calls / perWindow) - 1;
  return windowsAfterFirst === 0
    ? burstMs
    : nextBoundary(t0) + (windowsAfterFirst - 1) * windowMs + burstMs - t0;
}

export async function run() {
  const { startSandbox } = await sandboxModule();
  const { MusiqueClient, createNodeTransport } = await coreNodeModule();
  const [limited, unlimited] = await Promise.all([
    startSandbox({
      port: 0,
      memory: true,
      seed: 'demo',
      rateLimits: { perMinute: perWindow },
      rateLimitWindowScale: scale,
    }),
    startUnlimitedSandbox(),
  ]);

  // A fresh key per scenario, so each starts with a whole window; statuses counted below the client's retries.
  const measure = async (sb, concurrent) => {
    const statuses = new Map();
    const transport = createNodeTransport();
    const counting = async (request) => {
      const response = await transport(request);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      return response;
    };
    const apiKey = await sb.createApiKey();
    const client = new MusiqueClient({ apiKey, baseUrl: sb.baseUrl, transport: counting });
    const { data } = await unlimitedAudio(sb, MusiqueClient);
    const audioId = data[0].audioId;
    let failed = 0;
    const one = () => client.audio.get(audioId).catch(() => failed++);
    const t0 = Date.now();
    if (concurrent) await Promise.all(Array.from({ length: calls }, one));
    else for (let i = 0; i < calls; i++) await one();
    const ms = Date.now() - t0;
    return { t0, ms, failed, statuses: Object.fromEntries(statuses) };
  };

  const rows = [];
  try {
    // Baselines: the same client and calls with no limit, a call's cost alone and a burst of one window,
    // each after a warm-up run so neither side is measured cold.
    await measure(unlimited, false);
    await measure(limited, false);
    const sequentialFree = await measure(unlimited, false);
    const callMs = sequentialFree.ms / calls;
    const burstFree = await measureBurst(unlimited, MusiqueClient);
    for (const concurrent of [false, true]) {
      const result = await measure(limited, concurrent);
      const minimum = concurrent
        ? concurrentMinimum(result.t0, burstFree)
        : sequentialMinimum(result.t0, callMs);
      rows.push({
        calls: concurrent ? `${calls} at once` : `${calls} one by one`,
        ms: result.ms,
        minimumMs: Math.round(minimum),
        vsMinimum: round(result.ms / minimum),
        responses429: result.statuses[429] ?? 0,
        failed: result.failed,
        ok: result.statuses[200] ?? 0,
      });
    }
    printTable(
      `Rate-limit efficiency: ${perWindow} calls per ${windowMs / 1000} s window (unlimited: ${round(callMs)} ms a call, ${round(burstFree)} ms a burst of ${perWindow})`,
      rows,
    );
    const [oneByOne, atOnce] = rows;
    const targets = {
      oneByOneAtMost11OfMinimum: verdict(oneByOne.vsMinimum <= 1.1),
      oneByOneNo429: verdict(oneByOne.responses429 === 0),
      atOnceAtMost11OfMinimum: verdict(atOnce.vsMinimum <= 1.1),
      atOnceNo429: verdict(atOnce.responses429 === 0),
    };
    console.log({ targets });
    await writeResult('rate-limit', {
      what: `${calls} GET /audio/{id} through one @musique/core client (node transport) against a sandbox allowing ${perWindow} requests per ${windowMs / 1000} s`,
      method:
        "Windows are fixed and epoch-aligned, as the sandbox (rateLimitWindowScale 1/30) counts them. The minimum is the fastest schedule the policy allows from the actual start time: one by one at the unlimited cost of a call, or at once with a burst of 100 taking what 100 unlimited concurrent calls took. 429s are counted at the transport, below the client's retries.",
      baseline: { unlimitedCallMs: round(callMs), unlimitedBurstOf100Ms: round(burstFree) },
      rows,
      targets,
    });
    return { rows, targets };
  } finally {
    await Promise.all([limited.stop(), unlimited.stop()]);
  }
}

const unlimitedAudio = (sb, MusiqueClient) =>
  new MusiqueClient({ apiKey: sb.apiKey, baseUrl: sb.baseUrl }).audio.list({ limit: 1 });

async function measureBurst(sb, MusiqueClient) {
  const client = new MusiqueClient({ apiKey: await sb.createApiKey(), baseUrl: sb.baseUrl });
  const { data } = await client.audio.list({ limit: 1 });
  const t0 = Date.now();
  await Promise.all(Array.from({ length: perWindow }, () => client.audio.get(data[0].audioId)));
  return Date.now() - t0;
}

if (isMain(import.meta.url)) await run();
