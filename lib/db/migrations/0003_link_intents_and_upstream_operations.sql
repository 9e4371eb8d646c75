CREATE TABLE "upstream_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" text,
	"actor_customer_id" uuid,
	"intent_key" text NOT NULL,
	"customer_id" uuid,
	"username" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"upstream_id" text,
	"error_code" text,
	"attempts" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connect_links" ALTER COLUMN "link" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "connect_links" ALTER COLUMN "status" SET DEFAULT 'requested';--> statement-breakpoint
ALTER TABLE "connect_links" ADD COLUMN "intent_key" text;--> statement-breakpoint
ALTER TABLE "upstream_operations" ADD CONSTRAINT "upstream_operations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "upstream_operations_intent_idx" ON "upstream_operations" USING btree ("kind","intent_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "upstream_operations_pending_idx" ON "upstream_operations" USING btree ("kind","intent_key") WHERE "upstream_operations"."state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "connect_links_requested_intent_idx" ON "connect_links" USING btree ("intent_key") WHERE "connect_links"."status" = 'requested';