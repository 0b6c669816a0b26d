CREATE TABLE "xapi_attachments" (
	"sha2" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"length" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD COLUMN "ref_target" uuid;--> statement-breakpoint
CREATE INDEX "xapi_statements_ref_target_idx" ON "xapi_statements" USING btree ("seq") WHERE "xapi_statements"."ref_target" is not null;--> statement-breakpoint
UPDATE "xapi_statements" SET "ref_target" = ("statement"->'object'->>'id')::uuid WHERE "statement"->'object'->>'objectType' = 'StatementRef';
