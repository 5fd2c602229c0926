CREATE TABLE "ambulance_crew" (
	"unit_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "ambulance_crew_pkey" PRIMARY KEY("unit_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "ambulance_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_sign" text NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"position_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ambulance_units_status_check" CHECK ("ambulance_units"."status" in ('available','assigned','en_route','on_scene','transporting','at_hospital','out_of_service')),
	CONSTRAINT "ambulance_units_position_check" CHECK (("ambulance_units"."latitude" is null) = ("ambulance_units"."longitude" is null))
);
--> statement-breakpoint
CREATE TABLE "emergency_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"assigned_by" uuid NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "emergency_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"reported_by" uuid NOT NULL,
	"subject" text NOT NULL,
	"note" text,
	"address" text,
	"call_back" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"idempotency_key" text NOT NULL,
	"eta_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"assigned_at" timestamp with time zone,
	"en_route_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "emergency_incidents_status_check" CHECK ("emergency_incidents"."status" in ('received','acknowledged','ambulance_assigned','en_route','arrived','closed')),
	CONSTRAINT "emergency_incidents_subject_check" CHECK ("emergency_incidents"."subject" in ('self','companion')),
	CONSTRAINT "emergency_incidents_note_check" CHECK (char_length("emergency_incidents"."note") <= 500),
	CONSTRAINT "emergency_incidents_closed_check" CHECK (("emergency_incidents"."status" = 'closed') = ("emergency_incidents"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "emergency_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"accuracy_m" double precision,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "emergency_locations_latitude_check" CHECK ("emergency_locations"."latitude" between -90 and 90),
	CONSTRAINT "emergency_locations_longitude_check" CHECK ("emergency_locations"."longitude" between -180 and 180),
	CONSTRAINT "emergency_locations_accuracy_check" CHECK ("emergency_locations"."accuracy_m" is null or "emergency_locations"."accuracy_m" >= 0)
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "dispatcher" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ambulance_crew" ADD CONSTRAINT "ambulance_crew_unit_id_ambulance_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."ambulance_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambulance_crew" ADD CONSTRAINT "ambulance_crew_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_assignments" ADD CONSTRAINT "emergency_assignments_incident_id_emergency_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."emergency_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_assignments" ADD CONSTRAINT "emergency_assignments_unit_id_ambulance_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."ambulance_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_assignments" ADD CONSTRAINT "emergency_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_assignments" ADD CONSTRAINT "emergency_assignments_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_incidents" ADD CONSTRAINT "emergency_incidents_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_incidents" ADD CONSTRAINT "emergency_incidents_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_incidents" ADD CONSTRAINT "emergency_incidents_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_incidents" ADD CONSTRAINT "emergency_incidents_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_locations" ADD CONSTRAINT "emergency_locations_incident_id_emergency_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."emergency_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ambulance_crew_user_key" ON "ambulance_crew" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ambulance_units_call_sign_key" ON "ambulance_units" USING btree ("call_sign");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_assignments_one_open_per_unit" ON "emergency_assignments" USING btree ("unit_id") WHERE "emergency_assignments"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_assignments_one_open_per_incident" ON "emergency_assignments" USING btree ("incident_id") WHERE "emergency_assignments"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "emergency_assignments_incident_idx" ON "emergency_assignments" USING btree ("incident_id","assigned_at");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_incidents_one_open_per_patient" ON "emergency_incidents" USING btree ("patient_id") WHERE "emergency_incidents"."status" <> 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_incidents_idempotency_key" ON "emergency_incidents" USING btree ("patient_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "emergency_incidents_board_idx" ON "emergency_incidents" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "emergency_incidents_patient_idx" ON "emergency_incidents" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "emergency_locations_incident_idx" ON "emergency_locations" USING btree ("incident_id","recorded_at");--> statement-breakpoint
CREATE INDEX "emergency_locations_recorded_idx" ON "emergency_locations" USING btree ("recorded_at");