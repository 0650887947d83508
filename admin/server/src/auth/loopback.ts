import { isIP } from "node:net";

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x (how a dual-stack socket reports IPv4 loopback). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const ip = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  if (isIP(ip) === 4) return ip.startsWith("127.");
  return ip === "::1" || ip === "0:0:0:0:0:0:0:1";
}

/** A listening host that can only be reached from this machine ("localhost" resolves to loopback). */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return name === "localhost" || isLoopbackAddress(name);
}

/**
 * The Host headers a browser on this machine sends to the backend's port: anything else means the
 * name was resolved elsewhere (DNS rebinding points an attacker's name at 127.0.0.1).
 */
export function loopbackHostHeaders(port: number): string[] {
  const names = ["localhost", "127.0.0.1", "[::1]"];
  const withPort = names.map((name) => `${name}:${port}`);
  // Browsers leave out the default port.
  return port === 80 ? [...withPort, ...names] : withPort;
}
