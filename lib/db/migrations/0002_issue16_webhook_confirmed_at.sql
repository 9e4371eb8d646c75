ALTER TABLE "connect_links" ADD COLUMN "webhook_confirmed_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: links completed before this column existed keep their confirmation when a `done`
-- webhook for them was stored; only browser-reported completions stay unconfirmed.
UPDATE "connect_links" SET "webhook_confirmed_at" = (
  SELECT min("received_at") FROM "webhook_events"
  WHERE "webhook_events"."link_id" = "connect_links"."id" AND "webhook_events"."event_type" = 'done'
) WHERE "status" = 'completed';
