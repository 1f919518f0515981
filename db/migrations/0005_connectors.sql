CREATE TABLE "connector_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "connector_state" (
	"source" text PRIMARY KEY NOT NULL,
	"backfill" jsonb,
	"tokens" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_metrics" (
	"id" serial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"channel" text NOT NULL,
	"source" text NOT NULL,
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
	"active_users" bigint,
	"retained_d7" bigint,
	"cohort_d7" bigint,
	"repeat_buyers" bigint,
	"pulled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_metrics" ADD COLUMN "sources" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "connector_runs_source_idx" ON "connector_runs" USING btree ("source","id");--> statement-breakpoint
CREATE UNIQUE INDEX "source_metrics_date_channel_source_uq" ON "source_metrics" USING btree ("date","channel","source");