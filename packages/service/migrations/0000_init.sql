CREATE TABLE "auth_providers" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"resource_version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spec" jsonb,
	"status" jsonb,
	CONSTRAINT "auth_providers_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "certificate_signing_requests" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"resource_version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spec" jsonb,
	"status" jsonb,
	CONSTRAINT "certificate_signing_requests_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "device_timestamps" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"last_seen" timestamp with time zone,
	CONSTRAINT "device_timestamps_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"resource_version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spec" jsonb,
	"status" jsonb,
	"alias" text,
	"service_conditions" jsonb,
	"applications_status" text GENERATED ALWAYS AS (("status"->'applicationsSummary'->>'status')) STORED,
	"summary_status" text GENERATED ALWAYS AS (("status"->'summary'->>'status')) STORED,
	"updated_status" text GENERATED ALWAYS AS (("status"->'updated'->>'status')) STORED,
	"os_mode" text GENERATED ALWAYS AS (("status"->'capabilities'->>'osMode')) STORED,
	CONSTRAINT "devices_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "enrollment_requests" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"resource_version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spec" jsonb,
	"status" jsonb,
	CONSTRAINT "enrollment_requests_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"type" text NOT NULL,
	"message" text NOT NULL,
	"actor" text NOT NULL,
	"source_component" text NOT NULL,
	"involved_object_kind" text NOT NULL,
	"involved_object_name" text NOT NULL,
	"details" jsonb,
	CONSTRAINT "events_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "fleets" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"resource_version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spec" jsonb,
	"status" jsonb,
	CONSTRAINT "fleets_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"display_name" text DEFAULT '' NOT NULL,
	"external_id" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repositories" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"resource_version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spec" jsonb,
	"status" jsonb,
	CONSTRAINT "repositories_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "resource_syncs" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"resource_version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spec" jsonb,
	"status" jsonb,
	CONSTRAINT "resource_syncs_org_id_name_pk" PRIMARY KEY("org_id","name")
);
--> statement-breakpoint
CREATE TABLE "template_versions" (
	"org_id" uuid NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"owner" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"resource_version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spec" jsonb,
	"status" jsonb,
	"fleet_name" text COLLATE "C" NOT NULL,
	CONSTRAINT "template_versions_org_id_fleet_name_name_pk" PRIMARY KEY("org_id","fleet_name","name")
);
--> statement-breakpoint
ALTER TABLE "auth_providers" ADD CONSTRAINT "auth_providers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_signing_requests" ADD CONSTRAINT "certificate_signing_requests_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_timestamps" ADD CONSTRAINT "device_timestamps_org_id_name_devices_org_id_name_fk" FOREIGN KEY ("org_id","name") REFERENCES "public"."devices"("org_id","name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_requests" ADD CONSTRAINT "enrollment_requests_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleets" ADD CONSTRAINT "fleets_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_syncs" ADD CONSTRAINT "resource_syncs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_org_id_fleet_name_fleets_org_id_name_fk" FOREIGN KEY ("org_id","fleet_name") REFERENCES "public"."fleets"("org_id","name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_providers_owner_idx" ON "auth_providers" USING btree ("org_id","owner");--> statement-breakpoint
CREATE INDEX "auth_providers_labels_idx" ON "auth_providers" USING gin ("labels");--> statement-breakpoint
CREATE INDEX "certificate_signing_requests_owner_idx" ON "certificate_signing_requests" USING btree ("org_id","owner");--> statement-breakpoint
CREATE INDEX "certificate_signing_requests_labels_idx" ON "certificate_signing_requests" USING gin ("labels");--> statement-breakpoint
CREATE INDEX "devices_owner_idx" ON "devices" USING btree ("org_id","owner");--> statement-breakpoint
CREATE INDEX "devices_labels_idx" ON "devices" USING gin ("labels");--> statement-breakpoint
CREATE INDEX "devices_alias_idx" ON "devices" USING btree ("org_id","alias");--> statement-breakpoint
CREATE INDEX "devices_summary_status_idx" ON "devices" USING btree ("org_id",("status"->'summary'->>'status'));--> statement-breakpoint
CREATE INDEX "devices_updated_status_idx" ON "devices" USING btree ("org_id",("status"->'updated'->>'status'));--> statement-breakpoint
CREATE INDEX "devices_apps_status_idx" ON "devices" USING btree ("org_id",("status"->'applicationsSummary'->>'status'));--> statement-breakpoint
CREATE INDEX "enrollment_requests_owner_idx" ON "enrollment_requests" USING btree ("org_id","owner");--> statement-breakpoint
CREATE INDEX "enrollment_requests_labels_idx" ON "enrollment_requests" USING gin ("labels");--> statement-breakpoint
CREATE INDEX "events_created_idx" ON "events" USING btree ("org_id","created_at","name");--> statement-breakpoint
CREATE INDEX "events_involved_object_idx" ON "events" USING btree ("org_id","involved_object_kind","involved_object_name");--> statement-breakpoint
CREATE INDEX "events_reason_idx" ON "events" USING btree ("org_id","reason");--> statement-breakpoint
CREATE INDEX "fleets_owner_idx" ON "fleets" USING btree ("org_id","owner");--> statement-breakpoint
CREATE INDEX "fleets_labels_idx" ON "fleets" USING gin ("labels");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_external_id_idx" ON "organizations" USING btree ("external_id") WHERE "organizations"."external_id" <> '';--> statement-breakpoint
CREATE INDEX "repositories_owner_idx" ON "repositories" USING btree ("org_id","owner");--> statement-breakpoint
CREATE INDEX "repositories_labels_idx" ON "repositories" USING gin ("labels");--> statement-breakpoint
CREATE INDEX "resource_syncs_owner_idx" ON "resource_syncs" USING btree ("org_id","owner");--> statement-breakpoint
CREATE INDEX "resource_syncs_labels_idx" ON "resource_syncs" USING gin ("labels");--> statement-breakpoint
CREATE INDEX "template_versions_created_idx" ON "template_versions" USING btree ("org_id","fleet_name","created_at","name");