CREATE TABLE "lrs_credentials" (
	"key" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"label" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "xapi_statements" (
	"seq" bigserial NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"statement" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"actor" text NOT NULL,
	"verb_id" text NOT NULL,
	"activity_id" text,
	"object_agent" text,
	"registration" uuid,
	"related_activities" text[] NOT NULL,
	"related_agents" text[] NOT NULL,
	"authority_key" text NOT NULL,
	"voided" boolean DEFAULT false NOT NULL,
	"stored" timestamp with time zone NOT NULL,
	CONSTRAINT "xapi_statements_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE INDEX "xapi_statements_actor_idx" ON "xapi_statements" USING btree ("actor","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_verb_idx" ON "xapi_statements" USING btree ("verb_id","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_activity_idx" ON "xapi_statements" USING btree ("activity_id","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_registration_idx" ON "xapi_statements" USING btree ("registration","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_authority_idx" ON "xapi_statements" USING btree ("authority_key","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_related_activities_idx" ON "xapi_statements" USING gin ("related_activities");--> statement-breakpoint
CREATE INDEX "xapi_statements_related_agents_idx" ON "xapi_statements" USING gin ("related_agents");