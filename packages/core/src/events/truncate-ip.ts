/**
 * Client addresses are never stored in clear: IPv4 keeps its /24 network, IPv6 its /48.
 * Returns null for anything that is not an address.
 */
export function truncateIp(ip: string): string | null {
  const value = ip.trim().replace(/^::ffff:/i, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (v4) {
    const octets = v4.slice(1, 4).map(Number);
    if (octets.some((o) => o > 255) || Number(v4[4]) > 255) return null;
    return `${octets.join('.')}.0`;
  }
  if (!/^[0-9a-f:]+$/i.test(value) || !value.includes(':')) return null;
  const [head = ''] = value.split('::');
  const groups = head.split(':').filter((g) => g !== '');
  if (groups.some((g) => g.length > 4)) return null;
  const kept = [...groups, '0', '0', '0'].slice(0, 3).map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
  return `${kept.join(':')}::`;
}
