// Merchants type generic webhook URLs: without a guard, "https://10.0.0.5/" or a name resolving
// to the cloud metadata address would let any shop make our servers call inside our network.
// Only public unicast addresses are allowed, checked at connect time (after DNS), so a name
// cannot pass the check and then resolve elsewhere.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent } from "undici";

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 127], // :: and ::1
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const)
  blocked.addSubnet(net, bits, "ipv6");

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return !blocked.check(mapped[1], "ipv4");
  return !blocked.check(address, family === 6 ? "ipv6" : "ipv4");
}

export class PrivateAddressError extends Error {
  code = "EPRIVATEADDRESS";
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export function publicLookup(
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad || addresses.length === 0) {
      return callback(new PrivateAddressError("webhook host resolves to a non-public address"), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

let agent: Agent | undefined;

// A shared dispatcher for generic webhooks: public addresses only, bounded connect time.
export function publicOnlyAgent(): Agent {
  agent ??= new Agent({
    connect: { lookup: publicLookup as never, timeout: 5_000 },
    connections: 16,
  });
  return agent;
}
