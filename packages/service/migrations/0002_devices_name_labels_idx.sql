-- Device lists find a page's names before reading its rows (store/resource-store.ts): with labels
-- beside (org_id, name) a label selector is answered from this index alone, in name order, without
-- visiting the rows it rejects. (Drizzle's schema cannot declare INCLUDE, hence this file.)
CREATE INDEX IF NOT EXISTS "devices_name_labels_idx" ON "devices" USING btree ("org_id", "name") INCLUDE ("labels");
