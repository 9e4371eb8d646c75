ALTER TABLE "connect_links" ALTER COLUMN "link" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "connect_links" ALTER COLUMN "status" SET DEFAULT 'requested';