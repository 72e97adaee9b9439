"""The association's own details: what the settings hold and what documents print."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AssociationInfo:
    name: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    rna: str = ""
    siren: str = ""
    purpose: str = ""
    signatory_name: str = ""
    signatory_title: str = ""

    @property
    def address_lines(self) -> list[str]:
        town = f"{self.postal_code} {self.city}".strip()
        return [line for line in (*self.address.splitlines(), town) if line.strip()]

    @property
    def identifiers(self) -> str:
        parts = []
        if self.rna:
            parts.append(f"RNA {self.rna}")
        if self.siren:
            parts.append(f"SIREN {self.siren}")
        return " · ".join(parts)
