ALTER TABLE "courses" ADD COLUMN "makers" jsonb;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "outcomes" jsonb;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "image" jsonb;
