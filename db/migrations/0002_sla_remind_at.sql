ALTER TABLE "campaigns" ADD COLUMN "retro_remind_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "feedbacks" ADD COLUMN "remind_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "response_remind_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "report_remind_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "campaigns_retro_remind_idx" ON "campaigns" USING btree ("retro_remind_at") WHERE "campaigns"."status" = 'ended';--> statement-breakpoint
CREATE INDEX "feedbacks_open_remind_idx" ON "feedbacks" USING btree ("remind_at") WHERE "feedbacks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "incidents_open_remind_idx" ON "incidents" USING btree ("response_remind_at") WHERE "incidents"."status" = 'open';--> statement-breakpoint
CREATE INDEX "incidents_report_remind_idx" ON "incidents" USING btree ("report_remind_at") WHERE "incidents"."status" = 'closed';--> statement-breakpoint
-- Backfill: the reminder is due at 80% of each clock's window (src/domain/sla.ts).
UPDATE "feedbacks" SET "remind_at" = "created_at" + ("due_at" - "created_at") * 0.8;--> statement-breakpoint
UPDATE "incidents" SET "response_remind_at" = "created_at" + ("response_due_at" - "created_at") * 0.8;--> statement-breakpoint
UPDATE "incidents" SET "report_remind_at" = "closed_at" + ("report_due_at" - "closed_at") * 0.8 WHERE "report_due_at" IS NOT NULL AND "closed_at" IS NOT NULL;--> statement-breakpoint
UPDATE "campaigns" SET "retro_remind_at" = "ended_at" + ("retro_due_at" - "ended_at") * 0.8 WHERE "retro_due_at" IS NOT NULL AND "ended_at" IS NOT NULL;
