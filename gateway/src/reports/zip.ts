/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3, no ZIP64) for the CSV export: small files, built in
 * memory, deflated with the Web-standard CompressionStream so it runs on any runtime.
 */
export interface ZipEntry {
  name: string;
  data: Uint8Array<ArrayBuffer>;
}

const UTF8_NAMES = 0x0800;

export async function zip(entries: readonly ZipEntry[], modified: Date): Promise<Uint8Array<ArrayBuffer>> {
  const { time, date } = dosTime(modified);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const deflated = await deflateRaw(entry.data);
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    const fields = {
      method: stored ? 0 : 8,
      crc: crc32(entry.data),
      compressed: body.length,
      size: entry.data.length,
      nameLength: name.length,
    };
    const local = header(30, (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);
      common(v, 6, fields, time, date);
    });
    parts.push(local, name, body);
    central.push(
      header(46, (v) => {
        v.setUint32(0, 0x02014b50, true);
        v.setUint16(4, 20, true);
        v.setUint16(6, 20, true);
        common(v, 8, fields, time, date);
        v.setUint32(42, offset, true);
      }),
      name,
    );
    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((n, p) => n + p.length, 0);
  const end = header(22, (v) => {
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, entries.length, true);
    v.setUint16(10, entries.length, true);
    v.setUint32(12, centralSize, true);
    v.setUint32(16, offset, true);
  });
  return concat([...parts, ...central, end]);
}

interface Fields {
  method: number;
  crc: number;
  compressed: number;
  size: number;
  nameLength: number;
}

/** The fields local and central headers share, from "general purpose flag" to "name length". */
function common(v: DataView, at: number, f: Fields, time: number, date: number) {
  v.setUint16(at, UTF8_NAMES, true);
  v.setUint16(at + 2, f.method, true);
  v.setUint16(at + 4, time, true);
  v.setUint16(at + 6, date, true);
  v.setUint32(at + 8, f.crc, true);
  v.setUint32(at + 12, f.compressed, true);
  v.setUint32(at + 16, f.size, true);
  v.setUint16(at + 20, f.nameLength, true);
}

function header(size: number, fill: (v: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

async function deflateRaw(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
