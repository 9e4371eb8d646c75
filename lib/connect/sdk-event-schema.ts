import { z } from 'zod';

/**
 * What the browser reports from the Connect SDK. Pure, so the browser validates
 * what the SDK hands it and the server validates what the browser posts, with one schema.
 */

const codeReason = z.object({ code: z.number().int(), reason: z.string().max(100) });

export const sdkEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load') }),
  z.object({
    type: z.literal('route'),
    data: z.object({ screen: z.string().max(100), params: z.unknown().optional() }),
  }),
  z.object({ type: z.literal('user'), data: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('done'),
    data: codeReason.extend({ reportData: z.array(z.unknown()).max(20).optional() }),
  }),
  z.object({ type: z.literal('cancel'), data: codeReason }),
  z.object({ type: z.literal('error'), data: codeReason }),
]);

export type SdkEvent = z.infer<typeof sdkEventSchema>;
