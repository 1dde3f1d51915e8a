DROP INDEX "devices_summary_status_idx";--> statement-breakpoint
DROP INDEX "devices_updated_status_idx";--> statement-breakpoint
DROP INDEX "devices_apps_status_idx";--> statement-breakpoint
CREATE INDEX "devices_summary_status_idx" ON "devices" USING btree ("org_id","summary_status");--> statement-breakpoint
CREATE INDEX "devices_updated_status_idx" ON "devices" USING btree ("org_id","updated_status");--> statement-breakpoint
CREATE INDEX "devices_apps_status_idx" ON "devices" USING btree ("org_id","applications_status");