CREATE TABLE "medication_ingredient_names" (
	"rxcui" text NOT NULL,
	"name" text NOT NULL,
	"preferred" boolean NOT NULL,
	CONSTRAINT "medication_ingredient_names_rxcui_name_pk" PRIMARY KEY("rxcui","name")
);
--> statement-breakpoint
CREATE TABLE "medication_ingredients" (
	"rxcui" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "medication_product_ingredients" (
	"product_id" uuid NOT NULL,
	"rxcui" text NOT NULL,
	"position" smallint NOT NULL,
	"strength_value" numeric(14, 4) NOT NULL,
	"strength_unit" text NOT NULL,
	CONSTRAINT "medication_product_ingredients_product_id_rxcui_pk" PRIMARY KEY("product_id","rxcui"),
	CONSTRAINT "medication_product_ingredients_strength_check" CHECK ("medication_product_ingredients"."strength_value" > 0),
	CONSTRAINT "medication_product_ingredients_unit_check" CHECK ("medication_product_ingredients"."strength_unit" in ('mg','g','ug','mmol','meq','[iU]','U','mg/mL','ug/mL','mmol/mL','meq/mL','[iU]/mL','U/mL','ug/h','ug/{actuat}','%'))
);
--> statement-breakpoint
CREATE TABLE "medication_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"dose_form" text NOT NULL,
	"route" text NOT NULL,
	"on_formulary" boolean NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "medication_products_name_check" CHECK (length(btrim("medication_products"."name")) between 2 and 200),
	CONSTRAINT "medication_products_dose_form_check" CHECK ("medication_products"."dose_form" in ('tablet','modified_release_tablet','capsule','oral_solution','oral_suspension','solution_for_injection','powder_for_injection','solution_for_infusion','inhalation_aerosol','nebuliser_solution','cream','ointment','eye_drops','transdermal_patch','suppository')),
	CONSTRAINT "medication_products_route_check" CHECK ("medication_products"."route" in ('oral','sublingual','intravenous','intramuscular','subcutaneous','inhalation','topical','ophthalmic','transdermal','rectal')),
	CONSTRAINT "medication_products_tags_check" CHECK ("medication_products"."tags" <@ array['qt_prolonging']::text[])
);
--> statement-breakpoint
ALTER TABLE "medication_ingredient_names" ADD CONSTRAINT "medication_ingredient_names_rxcui_medication_ingredients_rxcui_fk" FOREIGN KEY ("rxcui") REFERENCES "public"."medication_ingredients"("rxcui") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_product_ingredients" ADD CONSTRAINT "medication_product_ingredients_product_id_medication_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."medication_products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_product_ingredients" ADD CONSTRAINT "medication_product_ingredients_rxcui_medication_ingredients_rxcui_fk" FOREIGN KEY ("rxcui") REFERENCES "public"."medication_ingredients"("rxcui") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_products" ADD CONSTRAINT "medication_products_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_products" ADD CONSTRAINT "medication_products_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "medication_ingredient_names_prefix_idx" ON "medication_ingredient_names" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "medication_ingredient_names_trgm_idx" ON "medication_ingredient_names" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "medication_product_ingredients_position_key" ON "medication_product_ingredients" USING btree ("product_id","position");--> statement-breakpoint
CREATE INDEX "medication_product_ingredients_rxcui_idx" ON "medication_product_ingredients" USING btree ("rxcui");--> statement-breakpoint
CREATE UNIQUE INDEX "medication_products_name_key" ON "medication_products" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "medication_products_name_trgm_idx" ON "medication_products" USING gin (lower("name") gin_trgm_ops);