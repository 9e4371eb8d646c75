ALTER TABLE "connect_links" ALTER COLUMN "link" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "connect_links" ALTER COLUMN "status" SET DEFAULT 'requested';--> statement-breakpoint
ALTER TABLE "connect_links" ADD COLUMN "intent_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "connect_links_requested_intent_idx" ON "connect_links" USING btree ("intent_key") WHERE "connect_links"."status" = 'requested';