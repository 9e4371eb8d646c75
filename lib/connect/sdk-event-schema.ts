import * as z from 'zod/mini';

/**
 * What the browser reports from the Connect SDK. Pure, so the browser validates what the SDK hands
 * it and the server validates what the browser posts, with one schema. Written with zod's mini
 * build: it runs in the browser on every customer page, where the full build would weigh ~40 KB.
 */

const codeReason = {
  code: z.number().check(z.int()),
  reason: z.string().check(z.maxLength(100)),
};

export const sdkEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load') }),
  z.object({
    type: z.literal('route'),
    data: z.object({
      screen: z.string().check(z.maxLength(100)),
      params: z.optional(z.unknown()),
    }),
  }),
  z.object({ type: z.literal('user'), data: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('done'),
    data: z.object({
      ...codeReason,
      reportData: z.optional(z.array(z.unknown()).check(z.maxLength(20))),
    }),
  }),
  z.object({ type: z.literal('cancel'), data: z.object(codeReason) }),
  z.object({ type: z.literal('error'), data: z.object(codeReason) }),
]);

export type SdkEvent = z.infer<typeof sdkEventSchema>;
