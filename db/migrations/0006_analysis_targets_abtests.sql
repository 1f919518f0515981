CREATE TABLE "ab_tests" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"metric" text NOT NULL,
	"channel" text,
	"owner" text NOT NULL,
	"a_visitors" bigint NOT NULL,
	"a_conversions" bigint NOT NULL,
	"b_visitors" bigint NOT NULL,
	"b_conversions" bigint NOT NULL,
	"updates" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"winner" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	CONSTRAINT "ab_tests_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"metric" text NOT NULL,
	"value" bigint NOT NULL,
	"plan_key" text NOT NULL,
	"weighting" text NOT NULL,
	"overridden" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ab_tests_status_idx" ON "ab_tests" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "targets_month_metric_uq" ON "targets" USING btree ("month","metric");