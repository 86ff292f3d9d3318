"""An IMMUTABLE wrapper for the audit chain's hash, used by its upsert.

Citus refuses non-IMMUTABLE functions in the `DO UPDATE SET` of an INSERT on a
distributed table, and `convert_to()` is only STABLE (it depends on the encoding).
The wrapper fixes the encoding to UTF-8, which makes the result depend on its
arguments only. It lives in `public`, next to the extensions, so one definition
serves every city; it is created once (when the template schema is migrated) and
left alone afterwards, so a city's migration never runs DDL outside its schema.
"""

from django.db import migrations

CREATE = """
DO $$
BEGIN
    IF to_regprocedure('public.sinergi_chain_hash(text, text)') IS NULL THEN
        CREATE FUNCTION public.sinergi_chain_hash(previous text, body text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS 'SELECT encode(sha256(convert_to(previous || body, ''UTF8'')), ''hex'')';
    END IF;
END
$$
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_head")]

    operations = [migrations.RunSQL([CREATE], migrations.RunSQL.noop)]
