"""A custom import-linter contract: modules that must not import given submodules of an
external package (import-linter squashes external packages to their top level, so
`django.db` cannot be forbidden while `django.utils.translation` stays allowed).

Used by .importlinter to keep `rules` modules free of the ORM.
"""

from __future__ import annotations

from grimp import ImportGraph
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck
from importlinter.domain.helpers import module_expressions_to_modules


class ForbiddenExternalSubmodulesContract(Contract):
    """Source modules may not import any of `forbidden` (dotted external submodules)."""

    type_name = "forbidden_external_submodules"

    source_modules = fields.SetField(subfield=fields.ModuleExpressionField())
    forbidden = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        forbidden = [str(name) for name in self.forbidden]  # type: ignore[attr-defined]
        tops = {name.split(".")[0] for name in forbidden}
        sources = module_expressions_to_modules(graph, self.source_modules)  # type: ignore[arg-type]
        found: list[str] = []
        for source in sorted(sources, key=lambda m: m.name):
            for top in sorted(tops):
                details = graph.get_import_details(importer=source.name, imported=top)
                for detail in details:
                    line = detail["line_contents"]
                    if any(_imports(line, name) for name in forbidden):
                        found.append(f"{source.name}:{detail['line_number']}: {line}")
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        from importlinter.application import output

        for line in check.metadata["found"]:
            output.print_error(line, bold=False)


def _imports(line: str, name: str) -> bool:
    words = line.replace(",", " ").split()
    if len(words) < 2:
        return False
    target = words[1]
    return target == name or target.startswith(name + ".")
