/**
 * The network an address belongs to, as the rules compare and show them: an IPv4 address's /24, an
 * IPv6 address's first three groups (/48, a site). An office's or a home's machines share one.
 */
export const networkOf = (ip: string): string => (ip.includes(':') ? ip.toLowerCase().split(':').slice(0, 3).join(':') : ip.split('.').slice(0, 3).join('.'));
