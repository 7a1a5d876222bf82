/**
 * Downloads a file for an upload without letting a remote caller reach this server's network: every address a
 * name resolves to is checked before connecting (and the connection goes to that checked address), again at
 * every redirect; the file is fetched once, held in memory, and cut off past the API's upload limit.
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { MAX_UPLOAD_BYTES } from '@musique/core';

const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 30_000;

/** Addresses no remote caller may make this server fetch from. */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  internal.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible (::127.0.0.1), deprecated by RFC 4291
  ['64:ff9b::', 96], // NAT64: an IPv4 address inside
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64],
  ['2001::', 32], // Teredo
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4: an IPv4 address inside
  ['fc00::', 7], // unique local, such as fd00:ec2::254 (AWS metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local, deprecated but still routed by some networks
  ['ff00::', 8], // multicast
] as const)
  internal.addSubnet(network, prefix, 'ipv6');

/** True for an address on the public internet; IPv4-mapped IPv6 is judged by its IPv4 address. */
export function isPublicAddress(address: string): boolean {
  let bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped) return isPublicAddress(mapped);
  // One spelling for every IPv6 address (dotted tails such as 64:ff9b::127.0.0.1 become hex) before the check.
  if (isIP(bare) === 6) bare = new URL(`http://[${bare}]`).hostname.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return false;
  if (family === 6 && /^::ffff:/i.test(bare)) return false; // mapped, written in hex
  return !internal.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** What a download may reach: over HTTP, https on public addresses; over stdio, the person's own network. */
export interface FetchPolicy {
  /**
   * A sentence saying why this URL may not be fetched from this address, or undefined when it may. Asked first
   * without an address (the URL alone), then for every address its name resolves to.
   */
  refuse(url: URL, address?: string): string | undefined;
}

export const publicHttpsOnly: FetchPolicy = {
  refuse(url, address) {
    if (url.protocol !== 'https:') return `${url.protocol} links cannot be uploaded; give an https URL.`;
    if (address !== undefined && !isPublicAddress(address))
      return `${url.hostname} is not on the public internet; give an https URL on a public server, or the file's bytes.`;
    return undefined;
  },
};

/** Over stdio the server runs on the person's machine: plain http only from that machine itself. */
export const ownNetwork: FetchPolicy = {
  refuse(url, address) {
    if (url.protocol === 'https:') return undefined;
    const loopback = (name: string) => name === '::1' || name === '[::1]' || name.startsWith('127.');
    const local =
      address === undefined ? url.hostname === 'localhost' || loopback(url.hostname) : loopback(address);
    if (url.protocol === 'http:' && local) return undefined;
    return `${url.protocol} links cannot be uploaded; give an https URL or a path on this machine.`;
  },
};

export class DownloadRefused extends Error {}

export interface Downloaded {
  bytes: Uint8Array;
  contentType: string | undefined;
  url: URL;
}

/** A lookup that only hands the socket addresses the policy permits, so what is checked is what is dialled. */
function checkedLookup(url: URL, policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as { address: string; family: number }[];
      const refusal = list.map(({ address }) => policy.refuse(url, address)).find(Boolean);
      if (refusal || list.length === 0)
        return callback(new DownloadRefused(refusal ?? `${hostname} has no address.`), '', 4);
      if (options.all) return (callback as (e: null, a: typeof list) => void)(null, list);
      return callback(null, list[0]?.address ?? '', list[0]?.family ?? 4);
    });
  };
}

function getOnce(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<http.IncomingMessage> {
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  const refusal =
    policy.refuse(url) ??
    (url.protocol !== 'https:' && url.protocol !== 'http:'
      ? `${url.protocol} is not a web link.`
      : undefined) ??
    // A literal address is never looked up, so it is checked here.
    (isIP(literal) ? policy.refuse(url, literal) : undefined);
  if (refusal) return Promise.reject(new DownloadRefused(refusal));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { lookup: checkedLookup(url, policy), signal }, resolve);
    request.on('error', reject);
  });
}

/** The file at `source`, followed through at most five redirects, each hop checked; never over the limit. */
export async function download(
  source: URL,
  policy: FetchPolicy,
  limit = MAX_UPLOAD_BYTES,
  onProgress?: (received: number, total?: number) => void,
): Promise<Downloaded> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let url = source;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await getOnce(url, policy, signal);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new DownloadRefused(
        `Downloading ${url.origin}${url.pathname} answered ${status}; check the link.`,
      );
    }
    const tooBig = () =>
      new DownloadRefused(
        `${url.origin}${url.pathname} is larger than ${limit / 1024 / 1024} MB, the most Musique accepts.`,
      );
    if (Number(response.headers['content-length']) > limit) {
      response.destroy();
      throw tooBig();
    }
    const chunks: Buffer[] = [];
    const announced = Number(response.headers['content-length']) || undefined;
    let size = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > limit) {
        response.destroy();
        throw tooBig();
      }
      chunks.push(chunk);
      onProgress?.(size, announced);
    }
    return { bytes: Buffer.concat(chunks), contentType: response.headers['content-type'], url };
  }
  throw new DownloadRefused(`${source.origin}${source.pathname} redirects more than ${MAX_REDIRECTS} times.`);
}
