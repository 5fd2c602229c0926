-- Credit notes and adjustments add up (docs/billing.md "Credit notes", "Adjustments"), checked by the
-- database at commit like an invoice's totals (the billing_totals migration): a credit note's totals
-- are the sums of its lines; no invoice line is credited, over all its credit notes, more than the
-- line (field by field); an invoice's credited_minor is the sum of its credit notes' totals and its
-- adjusted_minor the sum of its adjustments. Deferred: the rows are written one statement after
-- another in one transaction.
CREATE FUNCTION billing_credit_note_totals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  differs boolean;
BEGIN
  IF TG_TABLE_NAME = 'billing_credit_notes' THEN
    target := NEW.id;
  ELSE
    target := NEW.credit_note_id;
  END IF;
  SELECT c.net_minor <> coalesce(sum(l.net_minor), 0)
      OR c.tax_minor <> coalesce(sum(l.tax_minor), 0)
      OR c.total_minor <> coalesce(sum(l.total_minor), 0)
      OR c.insurer_share_minor <> coalesce(sum(l.insurer_share_minor), 0)
      OR c.patient_share_minor <> coalesce(sum(l.patient_share_minor), 0)
    INTO differs
    FROM billing_credit_notes c
    LEFT JOIN billing_credit_note_lines l ON l.credit_note_id = c.id
    WHERE c.id = target
    GROUP BY c.id;
  IF differs THEN
    RAISE EXCEPTION 'credit note % totals differ from the sum of its lines', target
      USING ERRCODE = 'check_violation', CONSTRAINT = 'billing_credit_note_totals_match_lines';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_credit_notes_totals_match AFTER INSERT OR UPDATE ON billing_credit_notes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_credit_note_totals_guard();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_credit_note_lines_totals_match AFTER INSERT OR UPDATE ON billing_credit_note_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_credit_note_totals_guard();
--> statement-breakpoint
CREATE FUNCTION billing_credit_within_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  over boolean;
BEGIN
  SELECT coalesce(sum(c.net_minor), 0) > l.net_minor
      OR coalesce(sum(c.tax_minor), 0) > l.tax_minor
      OR coalesce(sum(c.total_minor), 0) > l.total_minor
      OR coalesce(sum(c.insurer_share_minor), 0) > l.insurer_share_minor
      OR coalesce(sum(c.patient_share_minor), 0) > l.patient_share_minor
    INTO over
    FROM billing_invoice_lines l
    LEFT JOIN billing_credit_note_lines c ON c.invoice_line_id = l.id
    WHERE l.id = NEW.invoice_line_id
    GROUP BY l.id;
  IF over THEN
    RAISE EXCEPTION 'invoice line % is credited more than its amount', NEW.invoice_line_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'billing_credit_within_line';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_credit_note_lines_within_line AFTER INSERT OR UPDATE ON billing_credit_note_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_credit_within_line_guard();
--> statement-breakpoint
CREATE FUNCTION billing_invoice_reductions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  differs boolean;
BEGIN
  IF TG_TABLE_NAME = 'billing_invoices' THEN
    target := NEW.id;
  ELSE
    target := NEW.invoice_id;
  END IF;
  SELECT i.credited_minor <> (SELECT coalesce(sum(c.total_minor), 0) FROM billing_credit_notes c WHERE c.invoice_id = i.id)
      OR i.adjusted_minor <> (SELECT coalesce(sum(a.amount_minor), 0) FROM billing_adjustments a WHERE a.invoice_id = i.id)
    INTO differs
    FROM billing_invoices i
    WHERE i.id = target;
  IF differs THEN
    RAISE EXCEPTION 'invoice % credits or adjustments differ from its credit notes and adjustments', target
      USING ERRCODE = 'check_violation', CONSTRAINT = 'billing_invoice_reductions_match';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_invoices_reductions_match AFTER INSERT OR UPDATE ON billing_invoices
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_invoice_reductions_guard();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_credit_notes_reductions_match AFTER INSERT OR UPDATE ON billing_credit_notes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_invoice_reductions_guard();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_adjustments_reductions_match AFTER INSERT OR UPDATE ON billing_adjustments
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_invoice_reductions_guard();
