-- An invoice's totals are the sums of its lines (docs/billing.md): checked by the database at
-- commit, so no code path — a script, a console, a future bug — can leave an invoice whose total
-- differs from what its lines add up to. Deferred, because a draft's row and its lines are
-- written in one transaction, one statement after another. The error is a check_violation naming
-- the rule as its constraint.
CREATE FUNCTION billing_invoice_totals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  differs boolean;
BEGIN
  IF TG_TABLE_NAME = 'billing_invoices' THEN
    target := NEW.id;
  ELSIF TG_OP = 'DELETE' THEN
    target := OLD.invoice_id;
  ELSE
    target := NEW.invoice_id;
  END IF;
  SELECT i.net_minor <> coalesce(sum(l.net_minor), 0)
      OR i.tax_minor <> coalesce(sum(l.tax_minor), 0)
      OR i.total_minor <> coalesce(sum(l.total_minor), 0)
      OR i.insurer_share_minor <> coalesce(sum(l.insurer_share_minor), 0)
      OR i.patient_share_minor <> coalesce(sum(l.patient_share_minor), 0)
    INTO differs
    FROM billing_invoices i
    LEFT JOIN billing_invoice_lines l ON l.invoice_id = i.id
    WHERE i.id = target
    GROUP BY i.id;
  IF differs THEN
    RAISE EXCEPTION 'invoice % totals differ from the sum of its lines', target
      USING ERRCODE = 'check_violation', CONSTRAINT = 'billing_invoice_totals_match_lines';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_invoices_totals_match AFTER INSERT OR UPDATE ON billing_invoices
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_invoice_totals_guard();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_invoice_lines_totals_match AFTER INSERT OR UPDATE OR DELETE ON billing_invoice_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_invoice_totals_guard();
