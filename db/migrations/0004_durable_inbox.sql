CREATE TABLE "inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"kind" text NOT NULL,
	"event_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "inbox_event_key_unique" UNIQUE("event_key")
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "dead_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "dead_reported_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "inbox_pending_idx" ON "inbox" USING btree ("next_attempt_at","id") WHERE "inbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "inbox_received_idx" ON "inbox" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "outbox_dest_pending_idx" ON "outbox" USING btree ("platform","destination","id") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_dead_unreported_idx" ON "outbox" USING btree ("id") WHERE "outbox"."status" = 'dead' and "outbox"."dead_reported_at" is null;--> statement-breakpoint
DROP TABLE "inbound_events" CASCADE;--> statement-breakpoint
-- Rows already dead are reported once by the first hourly delivery report.
UPDATE "outbox" SET "dead_at" = "created_at" WHERE "status" = 'dead';