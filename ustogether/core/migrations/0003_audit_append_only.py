"""On PostgreSQL the audit table refuses UPDATE and DELETE, whoever asks: the site,
the admin, or someone with a database shell. The one exception is a redaction
through core.audit.audit_redaction, which sets `ustogether.audit_redaction` for its
own transaction and is itself recorded; even then, what happened, when and to what
cannot change. SQLite (the demo) has no such trigger; the model refuses changes there.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('ustogether.audit_redaction', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        IF NEW.id = OLD.id
           AND NEW.verb = OLD.verb
           AND NEW.created_at = OLD.created_at
           AND NEW.scope_type_id IS NOT DISTINCT FROM OLD.scope_type_id
           AND NEW.scope_id IS NOT DISTINCT FROM OLD.scope_id
           AND NEW.subject_type_id IS NOT DISTINCT FROM OLD.subject_type_id
           AND NEW.subject_id IS NOT DISTINCT FROM OLD.subject_id THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'A redaction of the audit log may change only the label, the data and who acted.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % refused.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
