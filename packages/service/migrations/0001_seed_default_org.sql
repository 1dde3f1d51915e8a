-- The default organization (nil UUID) that every install has; requests without org_id use it.
INSERT INTO "organizations" ("id", "external_id", "display_name")
VALUES ('00000000-0000-0000-0000-000000000000', 'default', 'Default')
ON CONFLICT DO NOTHING;
