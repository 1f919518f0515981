CREATE TABLE "approval_votes" (
	"id" serial PRIMARY KEY NOT NULL,
	"approval_id" integer NOT NULL,
	"approver" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"title" text NOT NULL,
	"requester" text NOT NULL,
	"details" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"required_approvals" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"decision_reason" text,
	"card_refs" jsonb,
	"result" jsonb,
	CONSTRAINT "approvals_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "budget_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"category" text NOT NULL,
	"plan_fen" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"channels" jsonb NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"budget_fen" bigint NOT NULL,
	"owner" text NOT NULL,
	"target_gmv_fen" bigint,
	"target_roi" numeric,
	"target_new_users" integer,
	"status" text DEFAULT 'planned' NOT NULL,
	"ended_at" timestamp with time zone,
	"retro_due_at" timestamp with time zone,
	"retro_at" timestamp with time zone,
	"retro_by" text,
	"retro_roi" numeric,
	"retro_gmv_fen" bigint,
	"retro_new_users" integer,
	"retro_notes" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaigns_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "channel_metrics" (
	"id" serial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"channel" text NOT NULL,
	"uv" bigint,
	"pv" bigint,
	"bounces" bigint,
	"sessions" bigint,
	"impressions" bigint,
	"clicks" bigint,
	"orders" bigint,
	"buyers" bigint,
	"gmv_fen" bigint,
	"spend_fen" bigint,
	"new_users" bigint,
	"followers" bigint,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "console_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"visible_to" text,
	"card" jsonb NOT NULL,
	"outbox_id" bigint,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_pacing" (
	"platform" text NOT NULL,
	"destination" text NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"window" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "delivery_pacing_platform_destination_pk" PRIMARY KEY("platform","destination")
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" serial PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"step" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"platform" text NOT NULL,
	"severity" text NOT NULL,
	"summary" text NOT NULL,
	"link" text,
	"status" text DEFAULT 'open' NOT NULL,
	"owner" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"response_due_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"responded_by" text,
	"response_note" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"report_due_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"reported_by" text,
	"report_text" text,
	CONSTRAINT "incidents_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slack_id" text,
	"wecom_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "persons_slack_id_unique" UNIQUE("slack_id"),
	CONSTRAINT "persons_wecom_id_unique" UNIQUE("wecom_id")
);
--> statement-breakpoint
CREATE TABLE "spend_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"spent_on" date NOT NULL,
	"month" text NOT NULL,
	"category" text NOT NULL,
	"channel" text,
	"campaign_id" integer,
	"amount_fen" bigint NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_votes" ADD CONSTRAINT "approval_votes_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_entries" ADD CONSTRAINT "spend_entries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_votes_approval_approver_uq" ON "approval_votes" USING btree ("approval_id","approver");--> statement-breakpoint
CREATE INDEX "approvals_kind_status_idx" ON "approvals" USING btree ("kind","status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_plans_month_category_uq" ON "budget_plans" USING btree ("month","category");--> statement-breakpoint
CREATE INDEX "campaigns_status_idx" ON "campaigns" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "campaigns_retro_due_idx" ON "campaigns" USING btree ("retro_due_at") WHERE "campaigns"."status" = 'ended';--> statement-breakpoint
CREATE UNIQUE INDEX "channel_metrics_date_channel_uq" ON "channel_metrics" USING btree ("date","channel");--> statement-breakpoint
CREATE INDEX "console_messages_channel_idx" ON "console_messages" USING btree ("channel","id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalations_entity_step_uq" ON "escalations" USING btree ("entity","entity_id","step");--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "incidents_open_due_idx" ON "incidents" USING btree ("response_due_at") WHERE "incidents"."status" = 'open';--> statement-breakpoint
CREATE INDEX "incidents_report_due_idx" ON "incidents" USING btree ("report_due_at") WHERE "incidents"."status" = 'closed';--> statement-breakpoint
CREATE INDEX "spend_entries_month_category_idx" ON "spend_entries" USING btree ("month","category");--> statement-breakpoint
CREATE INDEX "spend_entries_campaign_idx" ON "spend_entries" USING btree ("campaign_id");