"""`field__any=frozenset(...)`: `field = ANY(%s)` with the values sent as ONE array parameter.

`__in` with 20,000 values sends 20,000 parameters, which the driver and the planner
both pay for; an array parameter costs the same as one value. Pass a set (or any
iterable that is not a list or tuple): Django walks list and tuple values item by
item before the lookup sees them.
"""

from __future__ import annotations

from django.db.models import Field, ForeignObject, Lookup


class AnyLookup(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


Field.register_lookup(AnyLookup)
ForeignObject.register_lookup(AnyLookup)
