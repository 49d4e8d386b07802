import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../../errors.ts';

/**
 * Caps a request body at `maxSize` bytes (by Content-Length, and while streaming when it is
 * absent or wrong) and answers 413 problem+json.
 *
 * @example
 * app.post('/api/consent', limitBody(8 * 1024), handler)
 */
export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('payload_too_large', `The request body exceeds ${maxSize} bytes.`);
    },
  });
}
