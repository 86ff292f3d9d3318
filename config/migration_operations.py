"""Migration operations Django lacks."""

from __future__ import annotations

from django.db import migrations


class DropLikeIndex(migrations.operations.base.Operation):
    """Drop the `varchar_pattern_ops` index Django adds beside a unique CharField's own.

    That second index serves only `LIKE 'prefix%'` under a non-C collation. Where no
    query needs it, it is one more index each insert maintains and each bulk load
    rebuilds. Reversing re-creates it as Django would.

    Django's model state does not record the index, so a later `AlterField` that changes
    the column's type re-creates it: repeat this operation after such a migration.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, field_name: str):
        self.model_name = model_name
        self.field_name = field_name

    def state_forwards(self, app_label, state):
        pass

    def _model_and_field(self, app_label, state):
        model = state.apps.get_model(app_label, self.model_name)
        return model, model._meta.get_field(self.field_name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model, field = self._model_and_field(app_label, from_state)
        name = schema_editor._create_index_name(model._meta.db_table, [field.column], "_like")
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model, field = self._model_and_field(app_label, to_state)
        statement = schema_editor._create_like_index_sql(model, field)
        if statement is not None:
            schema_editor.execute(statement)

    def describe(self) -> str:
        return f"Drop the LIKE index of {self.model_name}.{self.field_name}"
