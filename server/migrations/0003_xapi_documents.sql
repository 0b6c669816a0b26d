CREATE TABLE "xapi_documents" (
	"kind" text NOT NULL,
	"activity_id" text DEFAULT '' NOT NULL,
	"agent" text DEFAULT '' NOT NULL,
	"registration" text DEFAULT '' NOT NULL,
	"doc_id" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"etag" text NOT NULL,
	"updated" timestamp with time zone NOT NULL,
	CONSTRAINT "xapi_documents_kind_activity_id_agent_registration_doc_id_pk" PRIMARY KEY("kind","activity_id","agent","registration","doc_id")
);
