ALTER TABLE "webhook_events" ALTER COLUMN "payload" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "raw_body_encoding" text DEFAULT 'utf8' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "quarantine_reason" text;