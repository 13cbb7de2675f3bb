// Binary values cross the Java<->Node boundary of the tests as {"$bin": "<hex>"}, both ways.
export const toWire = (value) => {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $bin: Buffer.from(value).toString('hex') };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
};

export const fromWire = (value) => {
  if (value && typeof value === 'object' && typeof value.$bin === 'string') return Buffer.from(value.$bin, 'hex');
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
};
