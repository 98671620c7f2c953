// lz4js's xxHash32, which an LZ4 frame header's checksum is made with; the package types only its main module.
declare module 'lz4js/xxh32' {
  export function hash(seed: number, src: Uint8Array, sIndex: number, sLength: number): number;
}
