import { z } from 'zod';

/**
 * What the browser reports from the Connect SDK, validated on the server before it touches a
 * link. Pure; the browser imports only its type (zod stays out of the customer pages' bundle).
 */

const codeReason = {
  code: z.number().int(),
  reason: z.string().max(100),
};

export const sdkEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load') }),
  z.object({
    type: z.literal('route'),
    data: z.object({
      screen: z.string().max(100),
      params: z.unknown().optional(),
    }),
  }),
  z.object({ type: z.literal('user'), data: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('done'),
    data: z.object({
      ...codeReason,
      reportData: z.array(z.unknown()).max(20).optional(),
    }),
  }),
  z.object({ type: z.literal('cancel'), data: z.object(codeReason) }),
  z.object({ type: z.literal('error'), data: z.object(codeReason) }),
]);

export type SdkEvent = z.infer<typeof sdkEventSchema>;
