"""`gpwatch init`: a commented starter config, optionally filled from the ODS list."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from gpwatch.ods import OdsPractice

PLACEHOLDER = """[[practices]]
ods = "A81001"                 # the practice's ODS code
name = "Example Surgery"
aliases = ["Example Medical Practice"]   # other names people use
handles = ["@ExampleSurgery"]  # the practice's own social media handles
town = "Exampletown"
postcode = "EX1 1AA"
nhs_url = "https://www.nhs.uk/services/gp-surgery/example-surgery/A81001"
# Staff whose names should be watched for (abuse, threats, personal data):
staff = [
  {{ name = "Dr Jane Example", role = "GP partner" }},
  {{ name = "Sam Example", role = "receptionist" }},
]
"""


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def practice_block(p: OdsPractice) -> str:
    """A [[practices]] table filled from an ODS row; staff and handles left for the user."""
    address = ", ".join(p.address)
    return f"""[[practices]]
ods = "{p.code}"
name = "{p.display_name}"
aliases = []                   # other names people use for the practice
handles = []                   # e.g. ["@YourSurgery"]
town = "{p.town}"
postcode = "{p.postcode}"
# ODS address: {address}; telephone {p.phone or "not listed"}
nhs_url = "https://www.nhs.uk/services/gp-surgery/{_slug(p.name)}/{p.code}"   # check it opens
staff = [
  # {{ name = "Dr Jane Example", role = "GP partner" }},
]
"""


def starter_config(practice: OdsPractice | None = None) -> str:
    """The text of a starter gpwatch.toml."""
    template = resources.files("gpwatch").joinpath("templates/gpwatch.toml").read_text("utf-8")
    block = practice_block(practice) if practice else PLACEHOLDER.format()
    return template.replace("{practices}", block)


def write_starter(directory: Path, practice: OdsPractice | None, force: bool = False) -> Path:
    """Write gpwatch.toml into `directory`; refuses to overwrite unless `force`."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "gpwatch.toml"
    if target.exists() and not force:
        raise FileExistsError(f"{target} already exists; use --force to replace it")
    target.write_text(starter_config(practice), encoding="utf-8")
    return target
