CREATE INDEX "devices_labels_path_idx" ON "devices" USING gin ("labels" jsonb_path_ops);--> statement-breakpoint
-- The devices summary reads only these columns; with them beside org_id it never visits the table.
-- (Drizzle's schema cannot declare INCLUDE, hence written here; see store/device-summary.ts.)
CREATE INDEX IF NOT EXISTS "devices_status_summary_idx" ON "devices" USING btree ("org_id") INCLUDE ("applications_status", "summary_status", "updated_status", "os_mode");
