CREATE TABLE "content_plans" (
	"channel" text PRIMARY KEY NOT NULL,
	"per_week" integer,
	"per_day" integer,
	"workdays" boolean DEFAULT false NOT NULL,
	"owner" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"title" text NOT NULL,
	"link" text,
	"approval_id" integer,
	"published_on" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "content_posts_approval_id_unique" UNIQUE("approval_id")
);
--> statement-breakpoint
CREATE TABLE "survey_results" (
	"date" date PRIMARY KEY NOT NULL,
	"responses" integer NOT NULL,
	"score_sum" numeric NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_metrics" ADD COLUMN "active_users" bigint;--> statement-breakpoint
ALTER TABLE "channel_metrics" ADD COLUMN "retained_d7" bigint;--> statement-breakpoint
ALTER TABLE "channel_metrics" ADD COLUMN "cohort_d7" bigint;--> statement-breakpoint
ALTER TABLE "channel_metrics" ADD COLUMN "repeat_buyers" bigint;--> statement-breakpoint
ALTER TABLE "spend_entries" ADD COLUMN "invalid" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "spend_entries" ADD COLUMN "invalid_reason" text;--> statement-breakpoint
ALTER TABLE "spend_entries" ADD COLUMN "invalid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "spend_entries" ADD COLUMN "invalid_by" text;--> statement-breakpoint
ALTER TABLE "content_posts" ADD CONSTRAINT "content_posts_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_posts_channel_day_idx" ON "content_posts" USING btree ("channel","published_on");