/**
 * A random v4 UUID. `randomUUID` exists only in secure contexts; on plain http a blob URL, which
 * ends in a fresh random UUID in every browser, stands in (leaking one empty blob per choice).
 */
export const uuid = (): string => crypto.randomUUID?.() ?? URL.createObjectURL(new Blob()).slice(-36);
