CREATE TABLE "customer_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"customer_token_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "connect_links" ADD COLUMN "webhook_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_sessions" ADD CONSTRAINT "customer_sessions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_sessions" ADD CONSTRAINT "customer_sessions_customer_token_id_customer_tokens_id_fk" FOREIGN KEY ("customer_token_id") REFERENCES "public"."customer_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_sessions_customer_token_idx" ON "customer_sessions" USING btree ("customer_token_id");--> statement-breakpoint
CREATE INDEX "customer_sessions_customer_idx" ON "customer_sessions" USING btree ("customer_id");--> statement-breakpoint
-- Hand-written: links completed before webhook_confirmed_at existed keep their confirmation when a
-- `done` webhook for them was stored; only browser-reported completions stay unconfirmed.
UPDATE "connect_links" SET "webhook_confirmed_at" = (
  SELECT min("received_at") FROM "webhook_events"
  WHERE "webhook_events"."link_id" = "connect_links"."id" AND "webhook_events"."event_type" = 'done'
) WHERE "status" = 'completed';
